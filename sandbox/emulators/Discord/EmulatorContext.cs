using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Gateway;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Emulators.Discord.Rest;

namespace Asphalt.Emulators.Discord;

/// <summary>The shared state of one emulator instance, handed to the gateway, the REST routes and the control API.</summary>
internal sealed class EmulatorContext
{
    public EmulatorContext(DiscordEmulatorOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Gateway = new GatewayState(options, time);
        RateLimiter = new RestRateLimiter(options.RateLimits, time);
        Interactions = new InteractionStore();
        Commands = new CommandStore(Snowflakes);
        Channels = new ChannelStore(options.Guilds, Snowflakes);
        BotUser = new EmulatedUser(options.BotUserId, options.BotUsername, null, Bot: true);
        Users = options.Users.ToDictionary(u => u.Id);
        Guilds = options.Guilds.ToDictionary(g => g.Id);
    }

    public DiscordEmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public DiscordEmulatorLog Log { get; } = new();

    public SnowflakeGenerator Snowflakes { get; } = new();

    public GatewayState Gateway { get; }

    public RestRateLimiter RateLimiter { get; }

    public InteractionStore Interactions { get; }

    public CommandStore Commands { get; }

    public ChannelStore Channels { get; }

    public VoiceStateStore VoiceStates { get; } = new();

    public EmulatedUser BotUser { get; }

    public IReadOnlyDictionary<ulong, EmulatedUser> Users { get; }

    public IReadOnlyDictionary<ulong, EmulatedGuild> Guilds { get; }

    /// <summary>Shard count clients are expected to use; the recommended one, else what the guilds need.</summary>
    public int RecommendedShards => Options.RecommendedShards ?? Options.RequiredShards;

    public string BaseHttpUrl { get; set; } = "";

    public string GatewayUrl => BaseHttpUrl.Replace("http://", "ws://", StringComparison.Ordinal) + GatewayPaths.Gateway;

    public string ResumeGatewayUrl => BaseHttpUrl.Replace("http://", "ws://", StringComparison.Ordinal) + GatewayPaths.ResumeGateway;

    /// <summary>The voice states GUILD_CREATE reports for the guild.</summary>
    public IReadOnlyList<(EmulatedUser User, ulong ChannelId, string SessionId)> VoiceStatesOf(ulong guildId) =>
        [.. VoiceStates.In(guildId).Select(v => (v.UserId == BotUser.Id ? BotUser : UserOf(v.UserId), v.ChannelId, v.SessionId))];

    public EmulatedUser UserOf(ulong id) => Users.TryGetValue(id, out var user) ? user : EmulatedUser.Synthesize(id);
}
