namespace Asphalt.Gateway.Discord.Gateway;

public enum ShardState
{
    Idle,
    Connecting,
    Identifying,
    Resuming,
    Ready,
    Reconnecting,
    /// <summary>Stopped on shutdown.</summary>
    Stopped,
    /// <summary>Stopped because reconnecting cannot help (bad token, disallowed intents, identify budget …).</summary>
    Fatal,
}

/// <summary>Who a shard is: its id, the total, where to connect and what to ask for.</summary>
public sealed record ShardSettings(int ShardId, int ShardCount, string GatewayUrl, GatewayIntents Intents, int LargeThreshold);

/// <summary>Heartbeat timing (Gateway.md "Sending Heartbeats").</summary>
public static class HeartbeatTiming
{
    /// <summary>The first heartbeat waits <c>heartbeat_interval * jitter</c>, jitter uniform in [0, 1), so shards that reconnect together do not beat together.</summary>
    public static TimeSpan FirstDelay(TimeSpan interval, double jitter)
    {
        if (jitter is < 0 or >= 1 || double.IsNaN(jitter)) throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "jitter must be in [0, 1)");
        return interval * jitter;
    }
}

/// <summary>A client payload over <see cref="DiscordLimits.GatewayMaxPayloadBytes"/>; refused before sending (Discord would close with 4002).</summary>
public sealed class GatewayPayloadTooLargeException(int bytes)
    : Exception($"Gateway payload of {bytes} bytes refused: Discord accepts at most {DiscordLimits.GatewayMaxPayloadBytes} bytes (it would close the connection with 4002).")
{
    public int Bytes { get; } = bytes;
}

public sealed class ShardNotConnectedException(int shardId)
    : Exception($"Shard {shardId} is not connected to Discord right now; try again shortly.");
