using System.Globalization;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Grains.Interfaces.Audio;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Voice;

/// <summary>What the voice observer needs of the Discord connection: which shards run here, and op 4 on a guild's shard.</summary>
public interface IVoiceStateSender
{
    /// <summary>Total shards of the bot; 0 until the gateway started.</summary>
    int ShardCount { get; }

    /// <summary>The shards this instance runs (empty until started).</summary>
    IReadOnlyList<int> ShardIds { get; }

    /// <summary>Sends op 4 on the guild's shard through its send limiter; throws when this instance does not hold the shard.</summary>
    ValueTask SendAsync(long guildId, long? channelId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken);
}

/// <summary><see cref="IVoiceStateSender"/> on this instance's shards; a shard that is reconnecting is waited for a little.</summary>
public sealed class DiscordVoiceStateSender(IDiscordGateway gateway, TimeProvider time) : IVoiceStateSender
{
    /// <summary>How long op 4 waits for its shard to be READY again (a RESUME takes about a second; well under Orleans' 30 s call timeout).</summary>
    public static readonly TimeSpan ShardReadyWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    public int ShardCount => gateway.ShardCount;

    public IReadOnlyList<int> ShardIds => gateway.Shards.Select(s => s.Id).ToArray();

    public async ValueTask SendAsync(long guildId, long? channelId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                await gateway.UpdateVoiceStateAsync(guildId, channelId, selfMute, selfDeaf, cancellationToken);
                return;
            }
            catch (ShardNotConnectedException) when (time.GetElapsedTime(started) < ShardReadyWait)
            {
                await Task.Delay(RetryDelay, time, cancellationToken);
            }
        }
    }

    /// <summary>The bot's user id once a shard was READY.</summary>
    public static long? BotUserId(IDiscordGateway gateway) =>
        long.TryParse(gateway.CurrentUserId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>
/// This gateway instance as the audio grains see it for one shard: asked by <see cref="IVoiceGatewayRegistryGrain"/>,
/// it sends op 4 <c>{guild_id, channel_id, self_mute: false, self_deaf}</c>. One observer per shard, so that a shard
/// that cannot send (its registration is then dropped until renewed) does not take its neighbours with it.
/// </summary>
public sealed class VoiceGatewayObserver(int shardId, IVoiceStateSender sender, ILogger logger) : IVoiceGatewayObserver
{
    /// <summary>Bound on one op 4 (the shard's send limiter may queue it behind other sends).</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);

    public int ShardId => shardId;

    public async Task RequestVoiceStateAsync(long guildId, long? channelId, bool selfDeaf)
    {
        var shard = DiscordLimits.ShardFor(guildId, Math.Max(1, sender.ShardCount));
        if (shard != shardId)
            throw new InvalidOperationException($"Guild {guildId} is on shard {shard}; this observer speaks for shard {shardId}.");
        using var timeout = new CancellationTokenSource(SendTimeout);
        await sender.SendAsync(guildId, channelId, selfMute: false, selfDeaf, timeout.Token);
        logger.LogInformation("Sent op 4 for guild {GuildId} on shard {ShardId}: {Channel}", guildId, shardId, channelId?.ToString(CultureInfo.InvariantCulture) ?? "leave");
    }
}
