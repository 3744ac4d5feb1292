using System.Text.RegularExpressions;

namespace Asphalt.Gateway.Votes;

/// <summary>
/// Section <c>Votes</c> of the gateway: where vote webhooks are received and how each bot-list site
/// is verified and read. The four known sites ship as data in votesources.json (no secrets); a new site
/// is one more entry under <c>Votes:Sources</c>. A source is active once it has a <c>Secret</c>.
/// </summary>
public sealed partial class VoteWebhookOptions
{
    public const string Section = "Votes";

    /// <summary>Webhook bodies larger than this are refused with 413 (every documented payload is far below 1 KiB).</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>The port of POST /webhooks/votes/{source}, its own listener (0 = no vote webhooks).</summary>
    public int Port { get; set; }

    /// <summary>Address of the votes listener; the <c>Http:BindAddress</c> when empty.</summary>
    public string? BindAddress { get; set; }

    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The bot's application id, for sites whose payload does not say which bot was voted for (discordbotlist.com).</summary>
    public long? BotId { get; set; }

    /// <summary>Thank the voter in a DM after the credit.</summary>
    public bool ThankByDirectMessage { get; set; } = true;

    public Dictionary<string, VoteSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Test-only fault injection; off unless set.</summary>
    public VoteTestingOptions Testing { get; set; } = new();

    public IEnumerable<KeyValuePair<string, VoteSourceOptions>> ActiveSources =>
        Sources.Where(s => !string.IsNullOrEmpty(s.Value.Secret));

    public VoteSourceOptions? FindActive(string name) =>
        Sources.TryGetValue(name, out var source) && !string.IsNullOrEmpty(source.Secret) ? source : null;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535) problems.Add($"Votes:Port ({Port}) must be a TCP port (0 switches vote webhooks off).");
        if (MaxBodyBytes is < 1024 or > 1024 * 1024) problems.Add($"Votes:MaxBodyBytes ({MaxBodyBytes}) must be between 1024 and 1048576.");
        if (BindAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
            problems.Add($"Votes:BindAddress ('{address}') must be an IP address.");
        // Sources without a secret are inactive (shipped, not switched on): only active ones must be complete.
        foreach (var (name, source) in ActiveSources)
        {
            var key = $"Votes:Sources:{name}";
            if (!SourceName().IsMatch(name)) problems.Add($"{key}: a source name is 1–32 characters of a-z, 0-9, '-' and '_' (it is the last segment of the webhook URL).");
            if (string.IsNullOrWhiteSpace(source.Fields.UserId)) problems.Add($"{key}:Fields:UserId must name the JSON path of the voter's user id.");
            if (source.Cooldown < TimeSpan.Zero || source.Cooldown > TimeSpan.FromDays(31)) problems.Add($"{key}:Cooldown ({source.Cooldown}) must be between 0 and 31 days.");
            if (source.SignatureTolerance <= TimeSpan.Zero) problems.Add($"{key}:SignatureTolerance must be positive.");
            if (source.WeekendWeight is < 1 or > 10) problems.Add($"{key}:WeekendWeight ({source.WeekendWeight}) must be between 1 and 10.");
            if (source.TypeWeights.Any(w => w.Value is < 1 or > 10)) problems.Add($"{key}:TypeWeights must be between 1 and 10.");
            var hasTarget = !string.IsNullOrEmpty(source.Fields.BotId) || !string.IsNullOrEmpty(source.Fields.GuildId) || !string.IsNullOrEmpty(source.Fields.Target);
            if (!hasTarget && BotId is null) problems.Add($"{key}: the payload names no bot or guild (Fields:BotId / GuildId / Target), so Votes:BotId must be set.");
            if (source.Auth == VoteAuth.HmacSha256 && string.IsNullOrEmpty(source.Header))
                problems.Add($"{key}:Header must name the signature header for Auth HmacSha256.");
        }
        return problems;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,32}$")]
    private static partial Regex SourceName();
}

/// <summary>How a source proves a delivery is genuine.</summary>
public enum VoteAuth
{
    /// <summary>A header (default <c>Authorization</c>) equals the secret.</summary>
    Header,
    /// <summary>A header holds the hex HMAC-SHA256 of the raw body under the secret, after an optional <c>SignaturePrefix</c>.</summary>
    HmacSha256,
    /// <summary>top.gg v1: <c>x-topgg-signature: t={unix},v1={hex}</c> = HMAC-SHA256 of <c>{t}.{raw body}</c>, timestamp within <c>SignatureTolerance</c>.</summary>
    TopggV1,
}

/// <summary>One bot-list site (section <c>Votes:Sources:{name}</c>).</summary>
public sealed class VoteSourceOptions
{
    public string? DisplayName { get; set; }

    public VoteAuth Auth { get; set; } = VoteAuth.Header;

    /// <summary>The header that carries the secret or signature; <c>Authorization</c> (Header) or <c>x-topgg-signature</c> (TopggV1) when empty.</summary>
    public string? Header { get; set; }

    /// <summary>From secrets or the environment (<c>Votes__Sources__{name}__Secret</c>), never from a file in the repository.</summary>
    public string? Secret { get; set; }

    /// <summary>HmacSha256: text before the hex digest in the header, e.g. <c>sha256=</c>.</summary>
    public string? SignaturePrefix { get; set; }

    /// <summary>TopggV1: how far the signed timestamp may be from now (top.gg's guidance: 5 minutes).</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the site makes a user wait between votes (top.gg and discordbotlist.com 12 h, discords.com 24 h).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Where users vote (shown by /vote).</summary>
    public string? VoteUrl { get; set; }

    public VoteFieldMap Fields { get; set; } = new();

    /// <summary>Values of <c>Fields:Type</c> that are votes; empty = every value that is not a test.</summary>
    public List<string> VoteTypes { get; set; } = [];

    /// <summary>Values of <c>Fields:Type</c> that are test deliveries (acknowledged, never rewarded).</summary>
    public List<string> TestTypes { get; set; } = [];

    /// <summary>Weight by type value when the payload has no weight (e.g. discords.com premium_vote).</summary>
    public Dictionary<string, int> TypeWeights { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The weight multiplier when <c>Fields:IsWeekend</c> is true and the payload has no weight.</summary>
    public int WeekendWeight { get; set; } = 2;
}

/// <summary>
/// Dotted JSON paths (<c>data.user.platform_id</c>, optionally starting with <c>$.</c>) from the site's
/// payload to the canonical fields. Only <see cref="UserId"/> is required.
/// </summary>
public sealed class VoteFieldMap
{
    /// <summary>The site's vote id; without it the key comes from source, user and cooldown window.</summary>
    public string? Id { get; set; }
    public string? UserId { get; set; }
    public string? BotId { get; set; }
    public string? GuildId { get; set; }
    /// <summary>The voted-for id when a second field (<see cref="TargetType"/>: bot | server | guild) says which kind it is.</summary>
    public string? Target { get; set; }
    public string? TargetType { get; set; }
    public string? Weight { get; set; }
    public string? IsWeekend { get; set; }
    /// <summary>A boolean test flag (for sites that mark tests that way rather than by type).</summary>
    public string? IsTest { get; set; }
    public string? VotedAt { get; set; }
    public string? Query { get; set; }
    public string? Type { get; set; }
}

public sealed class VoteTestingOptions
{
    /// <summary>
    /// Kills the gateway process right after a vote is recorded and credited, before the answer is
    /// sent: how the kill-before-ack test makes the site retry. Never set it in production.
    /// </summary>
    public bool KillAfterRecorded { get; set; }
}
