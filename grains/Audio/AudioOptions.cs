namespace Asphalt.Grains.Audio;

/// <summary>
/// Configuration section <c>Audio</c>: the Lavalink nodes and the player's rules. The silo binds
/// and validates it at start (docs/audio.md lists every key).
/// </summary>
public sealed class AudioOptions
{
    public const string Section = "Audio";

    /// <summary>The DI key of the audio grains' clock (a keyed <see cref="TimeProvider"/>, so tests can drive it alone).</summary>
    public const string ClockKey = "asphalt.audio.clock";

    /// <summary>The bot's user id (Lavalink's <c>User-Id</c> header). Required when nodes are configured.</summary>
    public long BotUserId { get; set; }

    /// <summary>Lavalink's <c>Client-Name</c> header, NAME/VERSION.</summary>
    public string ClientName { get; set; } = "Asphalt/0.1.0";

    /// <summary>Names this silo's node sessions so that it resumes them after a restart; defaults to host name + silo port.</summary>
    public string? SessionOwner { get; set; }

    public List<AudioNodeOptions> Nodes { get; set; } = [];

    /// <summary>
    /// Estimated voice ping in ms from a node region to a Discord voice region, used until live players
    /// have measured the pair: <c>RegionLatency:{voiceRegion}:{nodeRegion} = ms</c>.
    /// </summary>
    public Dictionary<string, Dictionary<string, int>> RegionLatency { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Nodes whose distance is within this many ms of the closest count as "the closest region".</summary>
    public int RegionToleranceMs { get; set; } = 25;

    /// <summary>Estimated ping of a pair that is neither measured nor configured.</summary>
    public int UnknownRegionPingMs { get; set; } = 250;

    /// <summary>Lavalink keeps a session this long after its socket closes (PATCH /v4/sessions resuming.timeout).</summary>
    public TimeSpan ResumeTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A session whose socket closed and did not resume within this time is down; its players move.</summary>
    public TimeSpan ResumeGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A node that sent no stats for this long is down (Lavalink sends them every 60 s).</summary>
    public TimeSpan StatsTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the directory checks availability.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First and longest wait between reconnection attempts (doubling, with jitter).</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait between destroying a player on a live node and creating it on another (Discord closes with 4006 otherwise).</summary>
    public TimeSpan MoveDelay { get; set; } = TimeSpan.FromSeconds(1);

    public AudioPlayerOptions Player { get; set; } = new();
}

public sealed class AudioNodeOptions
{
    public string Name { get; set; } = "";

    /// <summary>http(s)://host:port of the node (the WebSocket is derived from it).</summary>
    public string Uri { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Operator's region name, e.g. <c>us-east</c>; matched against the RegionLatency table.</summary>
    public string Region { get; set; } = "";
}

public sealed class AudioPlayerOptions
{
    /// <summary>Leave after being alone in the channel this long (unless 24/7).</summary>
    public TimeSpan AloneTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Leave after playing nothing (or being paused) this long (unless 24/7).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    public int MaxQueueLength { get; set; } = 1000;

    public int HistoryLength { get; set; } = 50;

    /// <summary>Prefix of searches (Lavalink's search sources: ytsearch, scsearch, …).</summary>
    public string SearchPrefix { get; set; } = "ytsearch:";

    /// <summary>At most one voice-ping report per player per this interval.</summary>
    public TimeSpan PingReportInterval { get; set; } = TimeSpan.FromSeconds(30);
}
