namespace Asphalt.Gateway.Discord;

/// <summary>
/// Every number Discord imposes, named once. Sources: discord-api-docs, docs/topics/Gateway.md
/// ("Rate Limiting", "Identifying", "Sharding"), docs/topics/Rate_Limits.md and
/// docs/interactions/Receiving_and_Responding.md.
/// </summary>
public static class DiscordLimits
{
    /// <summary>Gateway API version this client speaks (Gateway.md, "Gateway URL Query String Params").</summary>
    public const int ApiVersion = 10;

    /// <summary>Gateway.md "Rate Limiting": 120 gateway commands per connection every 60 seconds.</summary>
    public const int GatewaySendsPerWindow = 120;

    /// <summary>The window of <see cref="GatewaySendsPerWindow"/>.</summary>
    public static readonly TimeSpan GatewaySendWindow = TimeSpan.FromSeconds(60);

    /// <summary>Gateway.md "Sending Events": payloads over 4096 bytes close the connection with 4002.</summary>
    public const int GatewayMaxPayloadBytes = 4096;

    /// <summary>Gateway.md "Session Start Limit": max_concurrency IDENTIFYs per bucket every 5 seconds.</summary>
    public static readonly TimeSpan IdentifyInterval = TimeSpan.FromSeconds(5);

    /// <summary>Gateway.md "Invalid Session": wait a random 1–5 s before identifying again.</summary>
    public static readonly TimeSpan InvalidSessionMinDelay = TimeSpan.FromSeconds(1);

    /// <inheritdoc cref="InvalidSessionMinDelay"/>
    public static readonly TimeSpan InvalidSessionMaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>Gateway.md "Identify Structure": large_threshold is 50–250, default 50.</summary>
    /// <summary>
    /// A saved session older than this is not worth a RESUME: Discord keeps a disconnected session
    /// resumable only for a few minutes (undocumented; observed 2–5 min), after which RESUME is
    /// answered with op 9 anyway.
    /// </summary>
    public static readonly TimeSpan SavedSessionMaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Connection attempts to a resume_gateway_url that cannot even be reached before identifying on the main URL (our choice).</summary>
    public const int MaxUnreachableResumeAttempts = 3;

    public const int LargeThresholdMin = 50;

    /// <inheritdoc cref="LargeThresholdMin"/>
    public const int LargeThresholdMax = 250;

    /// <summary>Rate_Limits.md "Global Rate Limit": 50 requests per second per bot.</summary>
    public const int GlobalRequestsPerSecond = 50;

    /// <summary>Rate_Limits.md "Invalid Request Limit": 10,000 401/403/429 per 10 minutes bans the IP.</summary>
    public const int InvalidRequestsBanThreshold = 10_000;

    /// <summary>The window of <see cref="InvalidRequestsBanThreshold"/>.</summary>
    public static readonly TimeSpan InvalidRequestWindow = TimeSpan.FromMinutes(10);

    /// <summary>Receiving_and_Responding.md: the first response to an interaction must come within 3 s.</summary>
    public static readonly TimeSpan InteractionResponseDeadline = TimeSpan.FromSeconds(3);

    /// <summary>Message flag EPHEMERAL (1 &lt;&lt; 6), Receiving_and_Responding.md "Messages".</summary>
    public const int EphemeralFlag = 1 << 6;

    /// <summary>Zlib-stream transport: every complete message ends with a Z_SYNC_FLUSH marker (Gateway.md "Transport Compression").</summary>
    public static ReadOnlySpan<byte> ZlibSuffix => [0x00, 0x00, 0xFF, 0xFF];

    /// <summary>Application_Commands.md: names 1–32 characters, descriptions 1–100, at most 25 options and 25 choices.</summary>
    public const int CommandNameMaxLength = 32;

    /// <inheritdoc cref="CommandNameMaxLength"/>
    public const int CommandDescriptionMaxLength = 100;

    /// <inheritdoc cref="CommandNameMaxLength"/>
    public const int CommandMaxOptions = 25;

    /// <inheritdoc cref="CommandNameMaxLength"/>
    public const int CommandMaxChoices = 25;

    /// <summary>Gateway.md "Sharding": shard_id = (guild_id &gt;&gt; 22) % num_shards.</summary>
    public static int ShardFor(long guildId, int shardCount) => (int)((guildId >> 22) % shardCount);
}
