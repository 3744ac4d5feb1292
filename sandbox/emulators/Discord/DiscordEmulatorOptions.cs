using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord;

/// <summary>Everything the emulated Discord knows about the bot and its guilds.</summary>
public sealed record DiscordEmulatorOptions
{
    /// <summary>The bot token clients must present (REST <c>Authorization: Bot …</c>, IDENTIFY, RESUME).</summary>
    public required string BotToken { get; init; }

    public ulong ApplicationId { get; init; } = 1_100_000_000_000_000_001;

    public ulong BotUserId { get; init; } = 1_100_000_000_000_000_001;

    public string BotUsername { get; init; } = "Asphalt";

    /// <summary>The <c>shards</c> of <c>GET /gateway/bot</c>; defaults to what the guilds need.</summary>
    public int? RecommendedShards { get; init; }

    /// <summary>Identify concurrency buckets (docs/topics/Gateway.md, "Session Start Limit Object").</summary>
    public int MaxConcurrency { get; init; } = 1;

    public int SessionStartLimitTotal { get; init; } = DiscordLimits.DefaultSessionStartLimit;

    public int? SessionStartLimitRemaining { get; init; }

    public TimeSpan SessionStartLimitResetAfter { get; init; } = DiscordLimits.SessionStartLimitWindow;

    public IReadOnlyList<EmulatedGuild> Guilds { get; init; } = [];

    /// <summary>Known users; interactions from others get a synthesized user.</summary>
    public IReadOnlyList<EmulatedUser> Users { get; init; } = [];

    /// <summary>Privileged intents enabled in the "developer portal"; requesting others closes with 4014.</summary>
    public GatewayIntents AllowedPrivilegedIntents { get; init; } = GatewayIntents.None;

    public TimeSpan HeartbeatInterval { get; init; } = DiscordLimits.DefaultHeartbeatInterval;

    /// <summary>How long a disconnected session can still be resumed.</summary>
    public TimeSpan ResumeWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Most dispatches a session keeps for replay; resuming from an older seq is refused with op 9.</summary>
    public int MaxReplayEvents { get; init; } = 50_000;

    /// <summary>Minimum spacing of IDENTIFYs per concurrency bucket.</summary>
    public TimeSpan IdentifyInterval { get; init; } = DiscordLimits.IdentifyInterval;

    public TimeSpan InteractionCallbackDeadline { get; init; } = DiscordLimits.InteractionCallbackDeadline;

    public TimeSpan InteractionTokenLifetime { get; init; } = DiscordLimits.InteractionTokenLifetime;

    public RestRateLimitOptions RateLimits { get; init; } = new();

    /// <summary>Builds options with <paramref name="guildCount"/> generated guilds.</summary>
    public static DiscordEmulatorOptions WithGeneratedGuilds(string botToken, int guildCount, int seed = 42) =>
        new() { BotToken = botToken, Guilds = GuildGenerator.Generate(guildCount, seed) };

    /// <summary>Shards needed so that none holds more than 2500 guilds.</summary>
    public int RequiredShards => Math.Max(1, (Guilds.Count + DiscordLimits.MaxGuildsPerShard - 1) / DiscordLimits.MaxGuildsPerShard);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(BotToken))
        {
            throw new ArgumentException("DiscordEmulatorOptions.BotToken is required.", nameof(BotToken));
        }

        if (MaxConcurrency < 1)
        {
            throw new ArgumentException("DiscordEmulatorOptions.MaxConcurrency must be at least 1.", nameof(MaxConcurrency));
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("DiscordEmulatorOptions.HeartbeatInterval must be positive.", nameof(HeartbeatInterval));
        }

        if ((AllowedPrivilegedIntents & ~GatewayIntents.Privileged) != 0)
        {
            throw new ArgumentException("DiscordEmulatorOptions.AllowedPrivilegedIntents may only hold privileged intents.", nameof(AllowedPrivilegedIntents));
        }

        var duplicate = Guilds.GroupBy(g => g.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Guild id {duplicate.Key} appears twice in DiscordEmulatorOptions.Guilds.", nameof(Guilds));
        }
    }
}

/// <summary>REST rate limits. Defaults follow Discord's documented global limit and typical per-route buckets.</summary>
public sealed record RestRateLimitOptions
{
    /// <summary>Requests per second across all routes except interaction callbacks and webhooks (docs/topics/Rate_Limits.md, "Global Rate Limit").</summary>
    public int GlobalRequestsPerSecond { get; init; } = DiscordLimits.DefaultGlobalRequestsPerSecond;

    /// <summary>The bucket of a route with no entry in <see cref="Routes"/>.</summary>
    public RouteLimit Default { get; init; } = new(5, TimeSpan.FromSeconds(5));

    /// <summary>Per-route limits keyed by route name (see <see cref="Rest.RestRoutes"/>).</summary>
    public IReadOnlyDictionary<string, RouteLimit> Routes { get; init; } = new Dictionary<string, RouteLimit>();

    public RouteLimit For(string route) => Routes.TryGetValue(route, out var limit) ? limit : Default;
}

/// <summary><paramref name="Limit"/> requests per <paramref name="Window"/> for each major parameter of a route.</summary>
public sealed record RouteLimit(int Limit, TimeSpan Window);
