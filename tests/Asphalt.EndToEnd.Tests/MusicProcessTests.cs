using System.Globalization;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Emulators.Lavalink;
using Asphalt.Tests.Support;

namespace Asphalt.EndToEnd.Tests;

/// <summary>
/// Music through everything real: the Discord emulator and two Lavalink emulators in this process, the silo
/// and gateway as processes. Discord's part of joining voice (the bot's VOICE_STATE_UPDATE and
/// VOICE_SERVER_UPDATE after op 4) is played by the test, as Discord would.
/// </summary>
public sealed class MusicProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const string Token = "music-e2e-bot-token";
    private const ulong Listener = 200_000_000_000_000_101, Stranger = 200_000_000_000_000_102;

    private static readonly FakeTrack Delta = new("t-delta", "Long Delta", "Tester", 600_000);
    private static readonly FakeTrack Echo = new("t-echo", "Long Echo", "Tester", 600_000);

    private readonly SqliteDatabase _database = new();
    private readonly SiloPorts _siloPorts = SiloPorts.Allocate();
    private readonly GatewayPorts _gatewayPorts = GatewayPorts.Allocate();
    private readonly List<LavalinkEmulator> _nodes = [];
    private DiscordEmulator _discord = null!;
    private AsphaltProcess _silo = null!;
    private AsphaltProcess _gateway = null!;

    /// <summary>The guild where <see cref="Listener"/> sits in the voice channel from the start (GUILD_CREATE's voice_states).</summary>
    private EmulatedGuild Music => _discord.Guilds[0];

    private static ulong Lounge(EmulatedGuild guild) => guild.Channels.First(c => c.Type == ChannelType.GuildVoice).Id;

    public async Task InitializeAsync()
    {
        foreach (var _ in new[] { 1, 2 })
            _nodes.Add(await LavalinkEmulator.StartAsync(new LavalinkEmulatorOptions
            {
                Password = "pw-" + _nodes.Count,
                Tracks = [Delta, Echo],
                Playlists = [],
                PlayerUpdateInterval = TimeSpan.FromMilliseconds(500),
                StatsInterval = TimeSpan.FromSeconds(1),
            }));
        _discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { BotToken = Token, Guilds = GuildGenerator.Generate(2) });
        await _discord.SetVoiceStateAsync(Music.Id, Listener, Lounge(Music)); // before the shard connects: GUILD_CREATE lists it

        var audio = new Dictionary<string, string?>(_database.Settings)
        {
            ["Audio:BotUserId"] = _discord.BotUser.Id.ToString(CultureInfo.InvariantCulture),
            ["Audio:HealthCheckInterval"] = "00:00:00.500",
        };
        for (var i = 0; i < _nodes.Count; i++)
        {
            audio[$"Audio:Nodes:{i}:Name"] = $"node{i + 1}";
            audio[$"Audio:Nodes:{i}:Uri"] = _nodes[i].BaseUrl;
            audio[$"Audio:Nodes:{i}:Password"] = "pw-" + i;
            audio[$"Audio:Nodes:{i}:Region"] = i == 0 ? "us-east" : "eu-west";
        }
        _silo = _siloPorts.Start(audio);
        await _silo.WaitHealthyAsync();
        _gateway = _gatewayPorts.Start(_siloPorts, _discord.ApiBaseUrl, Token, _database.Settings);
        await _gateway.WaitHealthyAsync();
        for (var shard = 0; shard < _discord.RecommendedShards; shard++)
            await _discord.WaitForConnectionAsync(shard, Patience);
        await _discord.Log.CommandRegistrations.WaitForAsync(_ => true, Patience);
        await _gateway.WaitForOutputAsync("Registered as the voice gateway", Patience);
        await Until(() => _nodes.All(n => n.SessionIds.Count > 0), "the silo connected to both Lavalink nodes");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silo.DisposeAsync();
        await _discord.DisposeAsync();
        foreach (var node in _nodes) await node.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Play_joins_voice_by_op_4_and_the_player_appears_on_a_node_then_queue_nowplaying_and_skip_follow()
    {
        var guild = Music.Id;
        var played = await RunAsync(guild, Listener, "play", ("query", "Long Delta"));
        Assert.True(played.Deferred); // loading may be slow: deferred, then edited
        Assert.Contains("Now playing **Long Delta**", played.Content);

        // The gateway sent op 4 on the guild's shard for the listener's channel …
        var op4 = await _discord.WaitForVoiceStateRequestAsync(guild, Patience);
        Assert.Equal(Lounge(Music).ToString(CultureInfo.InvariantCulture), op4.Data!["channel_id"]!.GetValue<string>());
        Assert.True(op4.Data["self_deaf"]!.GetValue<bool>());

        // … and Discord answers as it does: the bot's voice state, then a voice server.
        await _discord.SetVoiceStateAsync(guild, _discord.BotUser.Id, Lounge(Music), sessionId: "bot-voice-session-1");
        await _discord.DispatchVoiceServerUpdateAsync(guild, "voice-token-1", endpoint: null); // allocating: wait
        await _discord.DispatchVoiceServerUpdateAsync(guild, "voice-token-2", "c-ewr07-1a2b3c4d.discord.media:443");

        EmulatedPlayerSnapshot? player = null;
        await Until(() => (player = _nodes.Select(n => n.Player((long)guild)).SingleOrDefault(p => p?.Track is not null)) is not null,
            "the player is on one of the Lavalink nodes");
        Assert.Equal(("t-delta", "bot-voice-session-1", "voice-token-2", "c-ewr07-1a2b3c4d.discord.media:443"),
            (player!.Track!.Identifier, player.VoiceSessionId, player.VoiceToken, player.VoiceEndpoint));
        Assert.Equal(Lounge(Music).ToString(CultureInfo.InvariantCulture), player.VoiceChannelId);

        var queued = await RunAsync(guild, Listener, "play", ("query", "Long Echo"));
        Assert.Contains("Queued **Long Echo**", queued.Content);
        Assert.Contains("position 1", queued.Content);

        var queue = Embed(await RunAsync(guild, Listener, "queue"));
        Assert.Contains("**Now:** **Long Delta**", queue["description"]!.GetValue<string>());
        Assert.Contains("`1.` **Long Echo**", queue["description"]!.GetValue<string>());

        var nowPlaying = Embed(await RunAsync(guild, Listener, "nowplaying"));
        Assert.Equal("Long Delta", nowPlaying["title"]!.GetValue<string>());

        var skipped = await RunAsync(guild, Listener, "skip");
        Assert.Contains("Skipped **Long Delta**", skipped.Content);
        await Until(() => _nodes.Any(n => n.Player((long)guild)?.Track?.Identifier == "t-echo"), "the node plays the next track");
        Assert.Equal("Long Echo", Embed(await RunAsync(guild, Listener, "nowplaying"))["title"]!.GetValue<string>());
        Assert.Contains("The queue is empty.", Embed(await RunAsync(guild, Listener, "queue"))["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task Outside_voice_music_commands_answer_with_an_ephemeral_error_until_a_voice_state_update_puts_the_user_in_a_channel()
    {
        var guild = _discord.Guilds[1];

        var refused = await RunAsync(guild.Id, Stranger, "play", ("query", "Long Delta"));
        Assert.True(refused.Ephemeral);
        Assert.False(refused.Deferred); // refused before deferring: at once, and only the user sees it
        Assert.Equal("Join a voice channel first.", refused.Content);
        var nothing = await RunAsync(guild.Id, Stranger, "nowplaying");
        Assert.True(nothing.Ephemeral);
        Assert.Equal("Nothing is playing.", nothing.Content);
        Assert.DoesNotContain(_discord.Log.ClientPayloads.Snapshot(), p => p.Op == 4);

        // The user joins the voice channel (a live VOICE_STATE_UPDATE): now /play joins them.
        await _discord.SetVoiceStateAsync(guild.Id, Stranger, Lounge(guild));
        await Until(async () => !(await RunAsync(guild.Id, Stranger, "pause")).Content!.StartsWith("Join", StringComparison.Ordinal),
            "the gateway learned the user's voice channel");
        var played = await RunAsync(guild.Id, Stranger, "play", ("query", "Long Delta"));
        Assert.Contains("Now playing **Long Delta**", played.Content);
        var op4 = await _discord.WaitForVoiceStateRequestAsync(guild.Id, Patience);
        Assert.Equal(Lounge(guild).ToString(CultureInfo.InvariantCulture), op4.Data!["channel_id"]!.GetValue<string>());
    }

    private async Task<InteractionReply> RunAsync(ulong guildId, ulong userId, string command, params (string Name, object Value)[] options)
    {
        var interaction = await _discord.SendSlashCommandAsync(guildId, userId, command,
            options.Select(o => new CommandOptionValue(o.Name, o.Value is string ? CommandOptionType.String : CommandOptionType.Integer, o.Value)).ToList());
        // An ephemeral refusal after a deferral is a follow-up (the deferral is deleted); everything else is the final reply.
        var final = interaction.WaitForFinalReplyAsync(Patience);
        var followUp = interaction.WaitForFollowUpAsync(1, Patience);
        var first = await Task.WhenAny(final, followUp);
        if (first == final) return await final;
        var message = await followUp;
        return new InteractionReply(5, true, message, null, DateTimeOffset.UtcNow);
    }

    private static JsonObject Embed(InteractionReply reply) =>
        reply.Embeds.FirstOrDefault()?.AsObject() ?? throw new InvalidOperationException($"no embed in the reply: {reply.Content}");

    private static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never happened: {what}");
            await Task.Delay(200);
        }
    }
}
