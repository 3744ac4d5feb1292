using System.Collections.Concurrent;
using Asphalt.Emulators.Lavalink;
using Asphalt.Gateway.Routing;
using Asphalt.Gateway.Telemetry;
using Asphalt.Gateway.Voice;
using Asphalt.Grains.Audio;
using Asphalt.Grains.Interfaces.Audio;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Asphalt.Audio.Tests.Support;

/// <summary>Tracks short enough to finish during a test, and long ones that never do.</summary>
public static class TestTracks
{
    public static readonly FakeTrack Alpha = new("t-alpha", "Alpha", "Tester", 1_500);
    public static readonly FakeTrack Bravo = new("t-bravo", "Bravo", "Tester", 1_500);
    public static readonly FakeTrack Charlie = new("t-charlie", "Charlie", "Tester", 1_500);
    public static readonly FakeTrack Delta = new("t-delta", "Long Delta", "Tester", 600_000);
    public static readonly FakeTrack Echo = new("t-echo", "Long Echo", "Tester", 600_000);
    public static readonly FakeTrack Foxtrot = new("t-foxtrot", "Long Foxtrot", "Tester", 600_000);
    public static readonly FakeTrack Broken = new("t-broken", "Broken Golf", "Tester", 60_000, FailsOnPlay: true);

    public static readonly FakePlaylist Shorts = new("Shorts", "https://www.youtube.com/playlist?list=PLshorts", ["t-alpha", "t-bravo", "t-charlie"]);

    public static IReadOnlyList<FakeTrack> All => [Alpha, Bravo, Charlie, Delta, Echo, Foxtrot, Broken];
}

/// <summary>
/// A test world: Lavalink emulators, a test cluster on a SQLite file with the silo's real Lavalink
/// client pointed at them, and the gateway's real voice side (observers, sink, voice-state cache) with a
/// stand-in for Discord that answers op 4 (a VOICE_STATE_UPDATE, then a VOICE_SERVER_UPDATE for the guild's endpoint).
/// </summary>
public sealed class AudioWorld : IAsyncDisposable
{
    public const long BotUserId = 1_100_000_000_000_000_001;

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<ISiloBuilder>? _configureSilo;

    private AudioWorld(SqliteDatabase database, IReadOnlyList<LavalinkEmulator> nodes, Dictionary<string, string?> settings, FakeTimeProvider? clock)
    {
        Database = database;
        Nodes = nodes;
        _settings = settings;
        Clock = clock;
        if (clock is not null) _configureSilo = silo => silo.Services.AddKeyedSingleton<TimeProvider>(AudioOptions.ClockKey, clock);
    }

    public SqliteDatabase Database { get; }
    public IReadOnlyList<LavalinkEmulator> Nodes { get; }
    public FakeTimeProvider? Clock { get; }
    public TestCluster Cluster { get; private set; } = null!;
    public DiscordVoiceStandIn Discord { get; } = new(BotUserId);
    public GatewayVoice Voice { get; private set; } = null!;

    public static AudioWorldBuilder Create() => new();

    public IAudioPlayerGrain Player(long guildId) => Cluster.Client.GetGrain<IAudioPlayerGrain>(guildId);

    public IAudioNodeDirectoryGrain Directory => Cluster.Client.GetGrain<IAudioNodeDirectoryGrain>(0);

    public LavalinkEmulator Node(string name) => Nodes[int.Parse(name[^1..]) - 1];

    public static AudioCaller Caller(long userId, long? channelId, params long[] roles) => new(userId, channelId, roles, false, TextChannelId: 777);

    internal static async Task<AudioWorld> StartAsync(AudioWorldBuilder builder)
    {
        var nodes = new List<LavalinkEmulator>();
        foreach (var node in builder.NodeRegions)
        {
            nodes.Add(await LavalinkEmulator.StartAsync(new LavalinkEmulatorOptions
            {
                Password = "pw-" + node.Name,
                PlayerUpdateInterval = TimeSpan.FromMilliseconds(200),
                StatsInterval = TimeSpan.FromSeconds(1),
                Tracks = TestTracks.All,
                Playlists = [TestTracks.Shorts],
            }));
        }
        var database = new SqliteDatabase();
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Orleans:ServiceId"] = "audio-" + Guid.NewGuid().ToString("N")[..8],
            ["Audio:BotUserId"] = BotUserId.ToString(),
            ["Audio:SessionOwner"] = "test-silo",
            ["Audio:ResumeGrace"] = "00:00:01",
            ["Audio:HealthCheckInterval"] = "00:00:00.250",
            ["Audio:ReconnectDelay"] = "00:00:00.200",
            ["Audio:MaxReconnectDelay"] = "00:00:01",
            ["Audio:MoveDelay"] = "00:00:00.200",
            ["Audio:Player:CheckInterval"] = "00:00:00.100",
            ["Audio:Player:PingReportInterval"] = "00:00:00",
            // Short timeouts elsewhere so that a slow failover never hides behind Orleans' 30 s default.
            ["Orleans:Messaging:ResponseTimeout"] = "00:00:10",
        };
        for (var i = 0; i < builder.NodeRegions.Count; i++)
        {
            settings[$"Audio:Nodes:{i}:Name"] = builder.NodeRegions[i].Name;
            settings[$"Audio:Nodes:{i}:Uri"] = nodes[i].BaseUrl;
            settings[$"Audio:Nodes:{i}:Password"] = "pw-" + builder.NodeRegions[i].Name;
            settings[$"Audio:Nodes:{i}:Region"] = builder.NodeRegions[i].Region;
        }
        foreach (var (key, value) in builder.Settings) settings[key] = value;
        var world = new AudioWorld(database, nodes, settings, builder.FakeClock ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null);
        await world.StartClusterAsync();
        return world;
    }

    private async Task StartClusterAsync()
    {
        Cluster = AsphaltTestCluster.Build(_settings, configureSilo: _configureSilo);
        await Cluster.DeployAsync();
        Voice = await GatewayVoice.StartAsync(Cluster.Client, Discord);
        await Eventually.UntilAsync(async () => (await Directory.GetNodesAsync()).Count(n => n.Available) == Nodes.Count(n => n.IsAlive),
            "every live Lavalink node is connected");
    }

    /// <summary>Stops every silo and starts the cluster again on the same database (and the same node sessions owner).</summary>
    public async Task RestartClusterAsync()
    {
        await Voice.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await StartClusterAsync();
    }

    /// <summary>Guild settings with a DJ role, so that members without it vote.</summary>
    public Task SetDjRoleAsync(long guildId, long roleId) =>
        Cluster.Client.GetGrain<IGuildGrain>(guildId).UpdateSettingsAsync(GuildSettings.Default with { DjRoleId = roleId });

    public async ValueTask DisposeAsync()
    {
        await Voice.DisposeAsync();
        await Cluster.DisposeAsync();
        foreach (var node in Nodes) await node.DisposeAsync();
        Database.Dispose();
    }
}

public sealed class AudioWorldBuilder
{
    internal List<(string Name, string Region)> NodeRegions { get; } = [];
    internal Dictionary<string, string?> Settings { get; } = [];
    internal bool FakeClock { get; private set; }

    /// <summary>Adds an emulated node named node1, node2 … in <paramref name="region"/>.</summary>
    public AudioWorldBuilder WithNode(string region)
    {
        NodeRegions.Add(($"node{NodeRegions.Count + 1}", region));
        return this;
    }

    public AudioWorldBuilder With(string key, string value)
    {
        Settings[key] = value;
        return this;
    }

    public AudioWorldBuilder WithFakeClock()
    {
        FakeClock = true;
        return this;
    }

    public Task<AudioWorld> StartAsync() => AudioWorld.StartAsync(this);
}

/// <summary>
/// Discord, as the gateway's voice code sees it: op 4 sent through <see cref="IVoiceStateSender"/> is answered
/// the way Discord does — later, not inside the call — with the bot's VOICE_STATE_UPDATE and, when joining, a
/// VOICE_SERVER_UPDATE for the guild's endpoint, both handed to the gateway's real voice sink.
/// </summary>
public sealed class DiscordVoiceStandIn(long botUserId) : IVoiceStateSender
{
    private readonly ConcurrentQueue<(long GuildId, long? ChannelId)> _requests = new();
    private int _tokens;

    /// <summary>The gateway's sink the answers go to (set once the gateway side is built).</summary>
    public IVoiceEventSink Sink { get; set; } = null!;

    /// <summary>Voice endpoint per guild (default: an older-style us-east server).</summary>
    public ConcurrentDictionary<long, string> Endpoints { get; } = new();

    public IReadOnlyList<(long GuildId, long? ChannelId)> Requests => _requests.ToList();

    public int ShardCount => 1;

    public IReadOnlyList<int> ShardIds => [0];

    public ValueTask SendAsync(long guildId, long? channelId, bool selfMute, bool selfDeaf, CancellationToken cancellationToken)
    {
        _requests.Enqueue((guildId, channelId));
        _ = Task.Run(async () =>
        {
            await Sink.OnVoiceStateAsync(new VoiceStateEvent(0, guildId, channelId, botUserId, $"voice-session-{guildId}"));
            if (channelId is null) return;
            var token = Interlocked.Increment(ref _tokens);
            await Sink.OnVoiceServerAsync(new VoiceServerEvent(0, guildId, $"token-{token}", Endpoints.GetValueOrDefault(guildId, "us-east1234.discord.media:443")));
        });
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The gateway's real voice side on the test cluster's client: the voice-state cache, the sink that hands
/// voice events to the player grains, and the per-shard observers registered with the voice gateway registry.
/// Only Discord itself is <see cref="DiscordVoiceStandIn"/>.
/// </summary>
public sealed class GatewayVoice : IAsyncDisposable
{
    private readonly VoiceGatewayRegistration _registration;
    private readonly VoiceDeliveryLanes _lanes;

    private GatewayVoice(IGrainFactory grains, DiscordVoiceStandIn discord)
    {
        Discord = discord;
        _lanes = new VoiceDeliveryLanes(NullLogger<VoiceDeliveryLanes>.Instance);
        Sink = new AudioVoiceEventSink(grains, Cache, _lanes, new GatewayMetrics(), () => AudioWorld.BotUserId, NullLogger<AudioVoiceEventSink>.Instance);
        discord.Sink = Sink;
        _registration = new VoiceGatewayRegistration(grains, discord, TimeProvider.System, NullLogger<VoiceGatewayRegistration>.Instance);
    }

    public DiscordVoiceStandIn Discord { get; }
    public VoiceStateCache Cache { get; } = new();
    public IVoiceEventSink Sink { get; }

    public static async Task<GatewayVoice> StartAsync(IGrainFactory grains, DiscordVoiceStandIn discord)
    {
        var voice = new GatewayVoice(grains, discord);
        await voice._registration.StartAsync(CancellationToken.None);
        await voice._registration.Registered.WaitAsync(TimeSpan.FromSeconds(30));
        return voice;
    }

    /// <summary>A member's VOICE_STATE_UPDATE as the router hands it over (channel null: left voice).</summary>
    public ValueTask MemberMovedAsync(long guildId, long userId, long? channelId) =>
        Sink.OnMemberVoiceStateAsync(new MemberVoiceStateEvent(0, guildId, userId, channelId, IsBot: false));

    public async ValueTask DisposeAsync()
    {
        await _registration.StopAsync(CancellationToken.None);
        _registration.Dispose();
        await _lanes.DisposeAsync();
    }
}

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails after a generous timeout with <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Timed out waiting until {what}." + (last is null ? "" : " Last error: " + last.Message), last);
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);
}
