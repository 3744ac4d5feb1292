using System.Diagnostics;
using Asphalt.Emulators.Discord.Control;

namespace Asphalt.Emulators.Discord;

/// <summary>The outcome of <see cref="DiscordEmulator.StreamDispatchesAsync"/>.</summary>
public sealed record StreamResult(int Sent, TimeSpan Elapsed, long LastSeq)
{
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;
}

/// <summary>Control API: load for gateway ingest benchmarks.</summary>
public sealed partial class DiscordEmulator
{
    /// <summary>Distinct payloads serialized up front and cycled, so the emulator is not the bottleneck.</summary>
    private const int StreamPayloadPool = 512;

    /// <summary>
    /// Sends <paramref name="count"/> realistic dispatches (see <see cref="DispatchGenerator.Next"/>) for the shard's
    /// guilds, as fast as the client reads them or at <paramref name="eventsPerSecond"/>.
    /// Pass <paramref name="factory"/> to choose the dispatches yourself.
    /// </summary>
    public async Task<StreamResult> StreamDispatchesAsync(
        int shardId,
        int count,
        double? eventsPerSecond = null,
        Func<DispatchGenerator, GeneratedDispatch>? factory = null,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (eventsPerSecond is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(eventsPerSecond), "The rate must be positive.");
        }

        var session = _context.Gateway.RequireSession(shardId);
        var guilds = Guilds.Where(g => g.ShardId(session.ShardCount) == shardId).ToList();
        if (guilds.Count == 0)
        {
            throw new InvalidOperationException($"Shard {shardId} holds no guild to generate dispatches for.");
        }

        var generator = new DispatchGenerator(guilds, seed);
        var pool = Enumerable.Range(0, Math.Min(count, StreamPayloadPool))
            .Select(_ => factory?.Invoke(generator) ?? generator.Next())
            .Select(d => (d.EventName, Bytes: DiscordJson.SerializeToUtf8Bytes(d.Payload)))
            .ToArray();

        var clock = Stopwatch.StartNew();
        long lastSeq = 0;
        for (var sent = 0; sent < count; sent++)
        {
            if (eventsPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds(sent / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken).ConfigureAwait(false);
                }
            }

            var (eventName, bytes) = pool[sent % pool.Length];
            lastSeq = await session.DispatchAsync(eventName, bytes, cancellationToken).ConfigureAwait(false);
        }

        return new StreamResult(count, clock.Elapsed, lastSeq);
    }
}
