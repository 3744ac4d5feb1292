namespace Asphalt.Emulators.Discord.Models;

/// <summary>
/// Makes realistic guilds: snowflakes created between 2016 and 2025 (so they spread evenly over shards),
/// an @everyone role and a few others, a category with text and voice channels, skewed member counts.
/// Deterministic for a given seed.
/// </summary>
public static class GuildGenerator
{
    private static readonly DateTimeOffset EarliestGuild = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestGuild = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Adjectives = ["Cozy", "Midnight", "Lofi", "Retro", "Cosmic", "Pixel", "Chill", "Arcane", "Neon", "Sunny"];
    private static readonly string[] Nouns = ["Lounge", "Guild", "Hangout", "Club", "Tavern", "Den", "Café", "Outpost", "Arcade", "Hideout"];
    private static readonly string[] Locales = ["en-US", "en-GB", "de", "fr", "es-ES", "pt-BR", "ja", "pl", "tr", "ru"];

    public static IReadOnlyList<EmulatedGuild> Generate(int count, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var guilds = new List<EmulatedGuild>(count);
        var usedTimestamps = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            long timestamp;
            do
            {
                timestamp = random.NextInt64(
                    EarliestGuild.ToUnixTimeMilliseconds(), LatestGuild.ToUnixTimeMilliseconds()) - DiscordLimits.DiscordEpochMilliseconds;
            }
            while (!usedTimestamps.Add(timestamp));

            guilds.Add(Create(random, timestamp, i));
        }

        return guilds;
    }

    private static EmulatedGuild Create(Random random, long timestamp, int index)
    {
        var increment = 0L;
        ulong NextId() => SnowflakeGenerator.Compose(timestamp, 1, 1, ++increment);
        var guildId = SnowflakeGenerator.Compose(timestamp, 1, 1, 0);

        var roles = new List<EmulatedRole> { new(guildId, "@everyone", Permissions.DefaultMember) };
        roles.Add(new EmulatedRole(NextId(), "Admin", Permissions.Administrator, Position: 3, Color: 0xE74C3C, Hoist: true));
        roles.Add(new EmulatedRole(NextId(), "Moderator", Permissions.DefaultMember | Permissions.ManageMessages, Position: 2, Color: 0x3498DB, Hoist: true));
        roles.Add(new EmulatedRole(NextId(), "Asphalt", Permissions.DefaultBot, Position: 1, Managed: true));

        var category = new EmulatedChannel(NextId(), "Text Channels", ChannelType.GuildCategory);
        var channels = new List<EmulatedChannel>
        {
            category,
            new(NextId(), "general", ChannelType.GuildText, 0, category.Id),
            new(NextId(), "bot-commands", ChannelType.GuildText, 1, category.Id),
            new(NextId(), "music", ChannelType.GuildText, 2, category.Id),
            new(NextId(), "Lounge", ChannelType.GuildVoice, 3, category.Id),
        };

        // Member counts of real bot guilds are heavily skewed: most are small, a few are huge.
        var memberCount = (int)Math.Min(500_000, Math.Ceiling(2 + Math.Pow(random.NextDouble(), 6) * 200_000));
        var name = $"{Adjectives[random.Next(Adjectives.Length)]} {Nouns[random.Next(Nouns.Length)]} #{index + 1}";
        var createdAt = SnowflakeGenerator.TimestampOf(guildId);
        return new EmulatedGuild(guildId, name, memberCount, channels, roles, OwnerId: NextId(), Locales[random.Next(Locales.Length)])
        {
            JoinedAt = createdAt.AddDays(1 + random.Next(365)),
        };
    }
}
