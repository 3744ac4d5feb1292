using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord.Control;

/// <summary>A dispatch to send: its event name (<c>t</c>) and payload (<c>d</c>).</summary>
public sealed record GeneratedDispatch(string EventName, JsonObject Payload);

/// <summary>
/// Makes realistic dispatch payloads for given guilds, deterministic for a seed: MESSAGE_CREATE, PRESENCE_UPDATE,
/// TYPING_START, GUILD_CREATE and INTERACTION_CREATE. Not thread-safe; use one per producer.
/// </summary>
public sealed class DispatchGenerator
{
    private static readonly string[] Words = ["hello", "anyone", "up", "for", "a", "game", "lol", "gg", "music", "when", "is", "the", "event", "tonight", "nice", "!play", "thanks", "brb", "what", "song"];
    private static readonly string[] Statuses = ["online", "idle", "dnd", "offline"];
    private static readonly string[] Games = ["Minecraft", "Valorant", "League of Legends", "Spotify", "Fortnite", "Rocket League"];

    private readonly IReadOnlyList<EmulatedGuild> _guilds;
    private readonly Random _random;
    private readonly SnowflakeGenerator _snowflakes = new(workerId: 7);

    public DispatchGenerator(IReadOnlyList<EmulatedGuild> guilds, int seed = 1)
    {
        if (guilds.Count == 0)
        {
            throw new ArgumentException("The dispatch generator needs at least one guild.", nameof(guilds));
        }

        _guilds = guilds;
        _random = new Random(seed);
    }

    /// <summary>A mix shaped like a busy bot's traffic: mostly messages, then presences, then typing.</summary>
    public GeneratedDispatch Next()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 60 => MessageCreate(),
            < 90 => PresenceUpdate(),
            _ => TypingStart(),
        };
    }

    public GeneratedDispatch MessageCreate(EmulatedGuild? guild = null)
    {
        guild ??= PickGuild();
        var channel = guild.DefaultTextChannel;
        var content = string.Join(' ', Enumerable.Range(0, 1 + _random.Next(12)).Select(_ => Words[_random.Next(Words.Length)]));
        var now = DateTimeOffset.UtcNow;
        return new("MESSAGE_CREATE", DiscordPayloads.MessageCreate(_snowflakes.Next(now), guild, channel, PickUser(), content, now));
    }

    public GeneratedDispatch PresenceUpdate(EmulatedGuild? guild = null)
    {
        guild ??= PickGuild();
        var activity = _random.Next(3) == 0 ? null : Games[_random.Next(Games.Length)];
        return new("PRESENCE_UPDATE", DiscordPayloads.PresenceUpdate(guild, PickUser(), Statuses[_random.Next(Statuses.Length)], activity));
    }

    public GeneratedDispatch TypingStart(EmulatedGuild? guild = null)
    {
        guild ??= PickGuild();
        var user = PickUser();
        var member = DiscordPayloads.Member(user, [], guild.JoinedAt ?? DateTimeOffset.UtcNow);
        return new("TYPING_START", new JsonObject
        {
            ["channel_id"] = DiscordPayloads.Id(guild.DefaultTextChannel.Id),
            ["guild_id"] = DiscordPayloads.Id(guild.Id),
            ["user_id"] = DiscordPayloads.Id(user.Id),
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["member"] = member,
        });
    }

    public GeneratedDispatch GuildCreate(EmulatedUser bot, EmulatedGuild? guild = null) =>
        new("GUILD_CREATE", DiscordPayloads.GuildCreate(guild ?? PickGuild(), bot));

    /// <summary>An INTERACTION_CREATE for a slash command that no emulator tracks (for ingest benchmarks).</summary>
    public GeneratedDispatch InteractionCreate(ulong applicationId, string commandName = "balance", EmulatedGuild? guild = null)
    {
        guild ??= PickGuild();
        var id = _snowflakes.Next();
        var payload = InteractionPayloads.SlashCommand(new InteractionPayloads.SlashCommandSpec(
            id, InteractionPayloads.NewToken(id), applicationId, InteractionType.ApplicationCommand, _snowflakes.Next(), commandName,
            [], guild, guild.DefaultTextChannel, PickUser(), [], Permissions.DefaultMember, Permissions.DefaultBot, "en-US"));
        return new("INTERACTION_CREATE", payload);
    }

    private EmulatedGuild PickGuild() => _guilds[_random.Next(_guilds.Count)];

    private EmulatedUser PickUser()
    {
        // Snowflakes of accounts made between 2016 and 2024.
        var created = _random.NextInt64(31_536_000_000L, 315_360_000_000L);
        return EmulatedUser.Synthesize(SnowflakeGenerator.Compose(created, 0, 0, _random.Next(4096)));
    }
}
