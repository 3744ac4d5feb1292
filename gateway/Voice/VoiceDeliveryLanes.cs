using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Voice;

/// <summary>
/// Delivers voice events to the player grains off the shard's receive loop, in order per guild: a guild's
/// events always take the same lane (VOICE_STATE_UPDATE must reach the grain before the VOICE_SERVER_UPDATE
/// that follows it), and a slow grain call holds up only its lane, not the shard.
/// </summary>
public sealed class VoiceDeliveryLanes : IAsyncDisposable
{
    /// <summary>Lanes: enough that one slow guild rarely delays another; the same count as the silo's Lavalink lanes.</summary>
    public const int LaneCount = 16;

    /// <summary>Queued deliveries per lane before the shard waits (back-pressure instead of dropping a voice server).</summary>
    public const int LaneCapacity = 10_000;

    private readonly Channel<Func<Task>>[] _lanes;
    private readonly Task[] _workers;
    private readonly ILogger<VoiceDeliveryLanes> _logger;

    public VoiceDeliveryLanes(ILogger<VoiceDeliveryLanes> logger)
    {
        _logger = logger;
        _lanes = new Channel<Func<Task>>[LaneCount];
        _workers = new Task[LaneCount];
        for (var i = 0; i < LaneCount; i++)
        {
            var lane = Channel.CreateBounded<Func<Task>>(new BoundedChannelOptions(LaneCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            _lanes[i] = lane;
            _workers[i] = Task.Run(() => RunAsync(lane.Reader));
        }
    }

    /// <summary>Queues <paramref name="delivery"/> behind the guild's earlier ones; completes once queued, not once delivered.</summary>
    public ValueTask EnqueueAsync(long guildId, Func<Task> delivery) =>
        _lanes[(int)((ulong)guildId % LaneCount)].Writer.WriteAsync(delivery);

    private async Task RunAsync(ChannelReader<Func<Task>> reader)
    {
        await foreach (var delivery in reader.ReadAllAsync())
        {
            try
            {
                await delivery();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A voice event could not be delivered to its player grain");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        await Task.WhenAny(Task.WhenAll(_workers), Task.Delay(TimeSpan.FromSeconds(5)));
    }
}
