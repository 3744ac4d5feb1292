namespace Asphalt.Emulators.Discord.Models;

/// <summary>A guild the emulated bot is a member of; sent in GUILD_CREATE on the shard it belongs to.</summary>
public sealed record EmulatedGuild(
    ulong Id,
    string Name,
    int MemberCount,
    IReadOnlyList<EmulatedChannel> Channels,
    IReadOnlyList<EmulatedRole> Roles,
    ulong OwnerId,
    string PreferredLocale = "en-US")
{
    /// <summary>When the bot joined; defaults to the guild's creation time plus a day.</summary>
    public DateTimeOffset? JoinedAt { get; init; }

    public int ShardId(int shardCount) => SnowflakeGenerator.ShardOf(Id, shardCount);

    /// <summary>The first text channel, where generated messages and interactions happen.</summary>
    public EmulatedChannel DefaultTextChannel =>
        Channels.FirstOrDefault(c => c.Type == ChannelType.GuildText)
        ?? throw new InvalidOperationException($"Guild {Id} has no text channel.");
}

/// <summary>Channel types used by the emulator (docs/resources/Channel.md, "Channel Types").</summary>
public enum ChannelType
{
    GuildText = 0,
    Dm = 1,
    GuildVoice = 2,
    GuildCategory = 4,
}

public sealed record EmulatedChannel(ulong Id, string Name, ChannelType Type, int Position = 0, ulong? ParentId = null);

/// <summary>A role; the @everyone role has the guild's id (docs/topics/Permissions.md, "Role Object").</summary>
public sealed record EmulatedRole(ulong Id, string Name, ulong Permissions, int Position = 0, int Color = 0, bool Hoist = false, bool Managed = false, bool Mentionable = false);

/// <summary>A user the control API acts as.</summary>
public sealed record EmulatedUser(ulong Id, string Username, string? GlobalName = null, bool Bot = false)
{
    /// <summary>A plausible user for an id the options do not list.</summary>
    public static EmulatedUser Synthesize(ulong id) => new(id, $"user{id % 100_000}", $"User {id % 100_000}");
}
