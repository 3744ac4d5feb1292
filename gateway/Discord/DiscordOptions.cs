using Asphalt.Gateway.Discord.Gateway;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Discord;

/// <summary>
/// Section <c>Discord</c> (environment form <c>Discord__Token</c>, <c>Discord__ShardIds</c> …).
/// Validated at start by <see cref="DiscordOptionsValidator"/>.
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";
    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>The bot token itself (prefer <see cref="TokenFile"/> or <see cref="TokenUrl"/> in production).</summary>
    public string? Token { get; set; }

    /// <summary>Path of a file holding the token (a mounted secret); whitespace around it is ignored.</summary>
    public string? TokenFile { get; set; }

    /// <summary>HTTPS endpoint answering with the token (plain body, or JSON <c>{"token": "..."}</c>).</summary>
    public string? TokenUrl { get; set; }

    /// <summary>Bearer secret sent to <see cref="TokenUrl"/>.</summary>
    public string? TokenUrlSecret { get; set; }

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Total shard count; unset = Discord's recommendation from GET /gateway/bot.</summary>
    public int? ShardCount { get; set; }

    /// <summary>The shards this instance runs: "0-3", "0,2,4", "0-3,8"; unset = all of them.</summary>
    public string? ShardIds { get; set; }

    /// <summary>Gateway intents as flag names ("Guilds, GuildVoiceStates") or a number.</summary>
    public GatewayIntents Intents { get; set; } = GatewayIntents.Guilds | GatewayIntents.GuildVoiceStates;

    /// <summary>Members above which a guild is "large" (Discord: 50–250).</summary>
    public int LargeThreshold { get; set; } = DiscordLimits.LargeThresholdMin;

    /// <summary>When set, commands are registered to this guild only (instant, for testing) instead of globally.</summary>
    public long? TestGuildId { get; set; }

    /// <summary>Normally learned from READY; set it to register commands before any shard is ready.</summary>
    public long? ApplicationId { get; set; }

    /// <summary>Shown in the User-Agent: <c>DiscordBot (url, version)</c> as Discord requires.</summary>
    public string UserAgentUrl { get; set; } = "https://github.com/asphalt-bot/asphalt";

    public GatewayConnectionOptions Gateway { get; set; } = new();
    public RestOptions Rest { get; set; } = new();

    public bool HasTokenSource =>
        !string.IsNullOrWhiteSpace(Token) || !string.IsNullOrWhiteSpace(TokenFile) || !string.IsNullOrWhiteSpace(TokenUrl);
}

/// <summary>Section <c>Discord:Gateway</c>: timings of the shard connections.</summary>
public sealed class GatewayConnectionOptions
{
    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the reconnect backoff (our choice: a minute keeps a long outage from hammering Discord).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a shard's session (id, seq, resume URL) is saved; also saved at READY and on shutdown.</summary>
    public TimeSpan SessionSaveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up a connection attempt (TCP + TLS + upgrade + HELLO) after this long.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sends kept for heartbeats (and IDENTIFY/RESUME) out of Discord's 120 per minute: ordinary
    /// commands (voice state, presence) get the rest. At the usual 41.25 s interval a minute has
    /// two heartbeats; a few more cover op-1 requests.
    /// </summary>
    public int ReservedPrioritySends { get; set; } = 6;

    /// <summary>Stop identifying (fatal, with an error) when Discord's daily budget falls to this many; 0 spends it all.</summary>
    public int IdentifyReserve { get; set; } = 5;
}

/// <summary>Section <c>Discord:Rest</c>: retries and safety limits of the REST client.</summary>
public sealed class RestOptions
{
    /// <summary>Per-request timeout (our choice; Discord answers in well under a second normally).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries after a 5xx or a timeout, with exponential backoff from <see cref="RetryBaseDelay"/>.</summary>
    public int MaxServerErrorRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries after a 429 (each waits retry_after).</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>
    /// Refuse requests once this many 401/403/429 were answered in 10 minutes — a tenth of the
    /// 10,000 that gets the IP banned (Rate_Limits.md "Invalid Request Limit").
    /// </summary>
    public int InvalidRequestLimit { get; set; } = DiscordLimits.InvalidRequestsBanThreshold / 10;

    /// <summary>Requests per second under the global limit (Discord's 50; lower it for a shared IP).</summary>
    public int GlobalRequestsPerSecond { get; set; } = DiscordLimits.GlobalRequestsPerSecond;
}

/// <summary>Says what to fix when the Discord section is wrong; runs at start (ValidateOnStart).</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public const string MissingTokenMessage =
        "No Discord bot token configured. Give one with Discord__Token (environment), Discord__TokenFile " +
        "(path of a mounted secret file) or Discord__TokenUrl (+ Discord__TokenUrlSecret, an HTTPS secret endpoint) " +
        "— or run the sandbox (sandbox/), which starts a Discord emulator and sets a token for it.";

    public ValidateOptionsResult Validate(string? name, DiscordOptions o)
    {
        var errors = new List<string>();
        if (!o.HasTokenSource) errors.Add(MissingTokenMessage);
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            errors.Add($"Discord:ApiBaseUrl '{o.ApiBaseUrl}' is not an http(s) URL; leave it unset for {DiscordOptions.DefaultApiBaseUrl}.");
        if (!string.IsNullOrWhiteSpace(o.TokenUrl))
        {
            if (!Uri.TryCreate(o.TokenUrl, UriKind.Absolute, out var tokenUrl))
                errors.Add($"Discord:TokenUrl '{o.TokenUrl}' is not an absolute URL.");
            else if (tokenUrl.Scheme != Uri.UriSchemeHttps && !tokenUrl.IsLoopback)
                errors.Add("Discord:TokenUrl must be https (plain http is accepted for loopback only): the token would cross the network in clear.");
            if (string.IsNullOrWhiteSpace(o.TokenUrlSecret))
                errors.Add("Discord:TokenUrlSecret is required with Discord:TokenUrl (sent as the bearer secret).");
        }
        if (o.ShardCount is < 1)
            errors.Add($"Discord:ShardCount must be at least 1 (was {o.ShardCount}); leave it unset to use Discord's recommendation.");
        if (o.ShardIds is not null && !ShardRange.TryParse(o.ShardIds, out _, out var rangeError))
            errors.Add($"Discord:ShardIds: {rangeError}");
        if (o.ShardIds is not null && o.ShardCount is { } count && ShardRange.TryParse(o.ShardIds, out var range, out _) && range!.Max >= count)
            errors.Add($"Discord:ShardIds '{o.ShardIds}' names shard {range.Max}, but Discord:ShardCount is {count} (ids are 0..{count - 1}).");
        if (o.LargeThreshold is < DiscordLimits.LargeThresholdMin or > DiscordLimits.LargeThresholdMax)
            errors.Add($"Discord:LargeThreshold must be {DiscordLimits.LargeThresholdMin}–{DiscordLimits.LargeThresholdMax} (was {o.LargeThreshold}).");
        if (o.Intents == GatewayIntents.None)
            errors.Add("Discord:Intents is empty; the bot needs at least Guilds (e.g. \"Guilds, GuildVoiceStates\").");
        var g = o.Gateway;
        if (g.ReconnectBaseDelay <= TimeSpan.Zero || g.ReconnectMaxDelay < g.ReconnectBaseDelay)
            errors.Add("Discord:Gateway:ReconnectBaseDelay must be positive and not above ReconnectMaxDelay.");
        if (g.SessionSaveInterval <= TimeSpan.Zero) errors.Add("Discord:Gateway:SessionSaveInterval must be positive.");
        if (g.ConnectTimeout <= TimeSpan.Zero) errors.Add("Discord:Gateway:ConnectTimeout must be positive.");
        if (g.ReservedPrioritySends is < 1 or >= DiscordLimits.GatewaySendsPerWindow)
            errors.Add($"Discord:Gateway:ReservedPrioritySends must be 1–{DiscordLimits.GatewaySendsPerWindow - 1} (was {g.ReservedPrioritySends}).");
        if (g.IdentifyReserve < 0) errors.Add("Discord:Gateway:IdentifyReserve cannot be negative.");
        var r = o.Rest;
        if (r.RequestTimeout <= TimeSpan.Zero) errors.Add("Discord:Rest:RequestTimeout must be positive.");
        if (r.MaxServerErrorRetries < 0 || r.MaxRateLimitRetries < 0) errors.Add("Discord:Rest retry counts cannot be negative.");
        if (r.InvalidRequestLimit is < 1 or >= DiscordLimits.InvalidRequestsBanThreshold)
            errors.Add($"Discord:Rest:InvalidRequestLimit must be 1–{DiscordLimits.InvalidRequestsBanThreshold - 1}: at {DiscordLimits.InvalidRequestsBanThreshold} Discord bans the IP.");
        if (r.GlobalRequestsPerSecond is < 1 or > DiscordLimits.GlobalRequestsPerSecond)
            errors.Add($"Discord:Rest:GlobalRequestsPerSecond must be 1–{DiscordLimits.GlobalRequestsPerSecond}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
