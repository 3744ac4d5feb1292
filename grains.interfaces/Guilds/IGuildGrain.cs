namespace Asphalt.Grains.Interfaces.Guilds;

/// <summary>A Discord guild as the bot knows it. Key: the guild's snowflake.</summary>
[Alias("asphalt.guild")]
public interface IGuildGrain : IGrainWithIntegerKey
{
    /// <summary>Read-only snapshot of what is stored for the guild (a default profile if never seen).</summary>
    [ReadOnly, Alias("get")]
    Task<GuildProfile> GetAsync();

    /// <summary>Records that the bot is in the guild (GUILD_CREATE / GUILD_UPDATE). Idempotent.</summary>
    [Alias("joined")]
    Task<GuildProfile> RecordJoinedAsync(GuildSnapshot snapshot);

    /// <summary>Records that the bot left or was removed from the guild (GUILD_DELETE, not unavailable). Idempotent.</summary>
    [Alias("left")]
    Task<GuildProfile> RecordLeftAsync(DateTimeOffset at);

    /// <summary>Replaces the guild's settings; returns the stored profile.</summary>
    [Alias("settings.update")]
    Task<GuildProfile> UpdateSettingsAsync(GuildSettings settings);
}

/// <summary>What Discord tells about a guild at GUILD_CREATE / GUILD_UPDATE.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.guild.snapshot")]
public sealed record GuildSnapshot(
    [property: Id(0)] string Name,
    [property: Id(1)] int MemberCount,
    [property: Id(2)] string Locale,
    [property: Id(3)] DateTimeOffset SeenAt);

/// <summary>Per-guild configuration; later features add their own fields here.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.guild.settings")]
public sealed record GuildSettings(
    [property: Id(0)] bool EconomyEnabled,
    [property: Id(1)] string CurrencyName,
    [property: Id(2)] string CurrencySymbol,
    // Members with this role (or Manage Guild) control the music player; null = everyone may.
    [property: Id(3)] long? DjRoleId = null)
{
    public static readonly GuildSettings Default = new(EconomyEnabled: true, CurrencyName: "coins", CurrencySymbol: "🪙");

    /// <summary>Channels where economy commands are allowed; empty = every channel.</summary>
    [Id(4)] public IReadOnlyList<long> EconomyChannelIds { get; init; } = [];

    /// <summary>Whether an economy command may run in <paramref name="channelId"/> (null: not in a channel, e.g. a DM).</summary>
    public bool AllowsEconomyIn(long? channelId) =>
        EconomyEnabled && (EconomyChannelIds.Count == 0 || (channelId is { } id && EconomyChannelIds.Contains(id)));

    // Value equality over the channel list too (a record compares the list reference otherwise).
    public bool Equals(GuildSettings? other) =>
        other is not null && EconomyEnabled == other.EconomyEnabled && CurrencyName == other.CurrencyName &&
        CurrencySymbol == other.CurrencySymbol && DjRoleId == other.DjRoleId && EconomyChannelIds.SequenceEqual(other.EconomyChannelIds);

    public override int GetHashCode() => HashCode.Combine(EconomyEnabled, CurrencyName, CurrencySymbol, DjRoleId, EconomyChannelIds.Count);
}

[GenerateSerializer, Immutable, Alias("asphalt.guild.profile")]
public sealed record GuildProfile(
    [property: Id(0)] long GuildId,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsMember,
    [property: Id(3)] DateTimeOffset? JoinedAt,
    [property: Id(4)] DateTimeOffset? LeftAt,
    [property: Id(5)] int MemberCount,
    [property: Id(6)] string Locale,
    [property: Id(7)] GuildSettings Settings);
