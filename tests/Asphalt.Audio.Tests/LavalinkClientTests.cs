using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Asphalt.Audio.Tests.Support;
using Asphalt.Emulators.Lavalink;
using Asphalt.Grains.Audio;
using Asphalt.Grains.Interfaces.Audio;
using Asphalt.Grains.Ports;
using Asphalt.Silo.Audio.Lavalink;
using Microsoft.Extensions.Logging.Abstractions;

namespace Asphalt.Audio.Tests;

/// <summary>The silo's Lavalink client against the emulated node: the v4 REST and WebSocket shapes.</summary>
public sealed class LavalinkClientTests : IAsyncLifetime
{
    private LavalinkEmulator _node = null!;
    private AudioNodeOptions _nodeOptions = null!;
    private LavalinkRestClient _rest = null!;

    private readonly AudioOptions _options = new()
    {
        BotUserId = AudioWorld.BotUserId,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    };

    public async Task InitializeAsync()
    {
        _node = await LavalinkEmulator.StartAsync(new LavalinkEmulatorOptions
        {
            Password = "secret",
            PlayerUpdateInterval = TimeSpan.FromMilliseconds(100),
            StatsInterval = TimeSpan.FromMilliseconds(500),
            Tracks = TestTracks.All,
            Playlists = [TestTracks.Shorts],
        });
        _nodeOptions = new AudioNodeOptions { Name = "main", Uri = _node.BaseUrl, Password = "secret", Region = "us-east" };
        _rest = new LavalinkRestClient(_nodeOptions);
    }

    public async Task DisposeAsync()
    {
        _rest.Dispose();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task Loadtracks_answers_every_load_type()
    {
        var track = (await _rest.LoadTracksAsync("https://www.youtube.com/watch?v=t-alpha")).ToLoadResult("main");
        Assert.Equal(TrackLoadKind.Track, track.Kind);
        Assert.Equal("Alpha", Assert.Single(track.Tracks).Title);
        Assert.Equal(1_500, track.Tracks[0].LengthMs);

        var playlist = (await _rest.LoadTracksAsync(TestTracks.Shorts.Uri)).ToLoadResult("main");
        Assert.Equal(TrackLoadKind.Playlist, playlist.Kind);
        Assert.Equal("Shorts", playlist.PlaylistName);
        Assert.Equal(["Alpha", "Bravo", "Charlie"], playlist.Tracks.Select(t => t.Title));

        var search = (await _rest.LoadTracksAsync("ytsearch:long")).ToLoadResult("main");
        Assert.Equal(TrackLoadKind.Search, search.Kind);
        Assert.Equal(3, search.Tracks.Count);

        var empty = (await _rest.LoadTracksAsync("ytsearch:nothing like this")).ToLoadResult("main");
        Assert.Equal(TrackLoadKind.Empty, empty.Kind);

        var error = (await _rest.LoadTracksAsync($"https://{FakeCatalogue.BrokenHost}/video")).ToLoadResult("main");
        Assert.Equal(TrackLoadKind.Error, error.Kind);
        Assert.Equal("This video is unavailable", error.ErrorMessage);
    }

    [Fact]
    public async Task Encoded_tracks_decode_back_one_by_one_and_in_bulk()
    {
        var loaded = (await _rest.LoadTracksAsync(TestTracks.Shorts.Uri)).ToLoadResult("main").Tracks;

        var one = await _rest.DecodeTrackAsync(loaded[1].Encoded);
        var all = await _rest.DecodeTracksAsync(loaded.Select(t => t.Encoded));

        Assert.Equal("t-bravo", one.Info.Identifier);
        Assert.Equal(loaded.Select(t => t.Identifier), all.Select(t => t.Info.Identifier));
    }

    [Fact]
    public async Task Lavalinks_error_shape_becomes_a_clear_exception()
    {
        var unknownSession = await Assert.ThrowsAsync<AudioNodeException>(() =>
            _rest.UpdatePlayerAsync("nosuchsession0000", 42, new JsonObject { ["volume"] = 50 }));
        Assert.Equal(404, unknownSession.Status);
        Assert.Equal("Session not found", unknownSession.Reason);
        Assert.Contains("main", unknownSession.Message);
        Assert.Equal("/v4/sessions/nosuchsession0000/players/42", unknownSession.RequestPath);

        var badTrack = await Assert.ThrowsAsync<AudioNodeException>(() => _rest.DecodeTrackAsync("bm90IGEgdHJhY2s="));
        Assert.Equal(400, badTrack.Status);

        using var wrongPassword = new LavalinkRestClient(new AudioNodeOptions { Name = "main", Uri = _node.BaseUrl, Password = "wrong", Region = "x" });
        var forbidden = await Assert.ThrowsAsync<AudioNodeException>(() => wrongPassword.GetInfoAsync());
        Assert.Equal(403, forbidden.Status);

        using var nobody = new LavalinkRestClient(new AudioNodeOptions { Name = "gone", Uri = $"http://127.0.0.1:{Asphalt.Tests.Support.FreePort.Next()}", Password = "x", Region = "x" });
        var unreachable = await Assert.ThrowsAsync<AudioNodeException>(() => nobody.GetStatsAsync());
        Assert.Null(unreachable.Status);
    }

    [Fact]
    public async Task Info_and_stats_read()
    {
        var info = await _rest.GetInfoAsync();
        var stats = await _rest.GetStatsAsync();

        Assert.Equal(4, info.Version.Major);
        Assert.Contains("timescale", info.Filters);
        Assert.Equal(0, stats.Players);
        Assert.Null(stats.FrameStats); // never in /v4/stats
    }

    [Fact]
    public async Task The_socket_gets_ready_enables_resuming_and_resumes_the_same_session_with_its_players()
    {
        var listener = new RecordingListener();
        var connection = new LavalinkConnection(_nodeOptions, _options, _rest, listener, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = connection.RunAsync(stop.Token);

        await Eventually.UntilAsync(() => listener.Ready.Count == 1, "the first ready");
        var (sessionId, resumed) = listener.Ready.Single();
        Assert.False(resumed);
        Assert.Matches("^[a-z0-9]{16}$", sessionId);
        await Eventually.UntilAsync(() => !listener.Stats.IsEmpty, "stats arrive");

        var alpha = (await _rest.LoadTracksAsync("t-delta")).ToLoadResult("main").Tracks[0];
        await _rest.UpdatePlayerAsync(sessionId, 7, Patch(alpha.Encoded));

        _node.DropConnections();

        await Eventually.UntilAsync(() => listener.Ready.Count == 2, "the reconnection's ready");
        Assert.Equal((sessionId, true), listener.Ready.Last());
        Assert.Contains(sessionId, listener.Closed);
        Assert.Equal("t-delta", _node.Player(7)?.Track?.Identifier);
        await Eventually.UntilAsync(() => listener.Updates.Any(u => u.GuildId == 7 && u.State.Connected && u.State.PingMs == 20), "playerUpdates of the resumed player");

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Player_patch_and_delete_produce_start_end_replaced_stopped_cleanup_and_finished()
    {
        var listener = new RecordingListener();
        var connection = new LavalinkConnection(_nodeOptions, _options, _rest, listener, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = connection.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => listener.Ready.Count == 1, "ready");
        var session = listener.Ready.Single().SessionId;
        var tracks = (await _rest.LoadTracksAsync("ytsearch:Tester")).ToLoadResult("main").Tracks.ToDictionary(t => t.Identifier, t => t.Encoded);

        var player = await _rest.UpdatePlayerAsync(session, 9, Patch(tracks["t-delta"], volume: 80));
        Assert.Equal(80, player.Volume);
        Assert.Equal("t-delta", player.Track?.Info.Identifier);
        await _rest.UpdatePlayerAsync(session, 9, Patch(tracks["t-alpha"]));                       // replaces delta
        await Eventually.UntilAsync(() => listener.Ends(9).Contains(("t-alpha", TrackEndReason.Finished)), "alpha finishes by itself");
        await _rest.UpdatePlayerAsync(session, 9, Patch(tracks["t-echo"]));
        await _rest.UpdatePlayerAsync(session, 9, new PlayerPatch { StopTrack = true }.ToRequestBody()); // stops echo
        await _rest.UpdatePlayerAsync(session, 9, Patch(tracks["t-foxtrot"]));
        await _rest.DestroyPlayerAsync(session, 9);                                                      // cleans foxtrot up
        await _rest.DestroyPlayerAsync(session, 9);                                                      // already gone: fine
        await _rest.UpdatePlayerAsync(session, 9, Patch(tracks["t-broken"]));

        await Eventually.UntilAsync(() => listener.Ends(9).Count == 5, "five track ends");
        Assert.Equal(
            [("t-delta", TrackEndReason.Replaced), ("t-alpha", TrackEndReason.Finished), ("t-echo", TrackEndReason.Stopped),
             ("t-foxtrot", TrackEndReason.Cleanup), ("t-broken", TrackEndReason.LoadFailed)],
            listener.Ends(9));
        Assert.Equal([false, true, false, false, true], listener.Events.Where(e => e.Kind == NodeEventKind.TrackEnd).Select(e => e.Event.MayStartNext));
        Assert.Contains(listener.Events, e => e.Kind == NodeEventKind.TrackException && e.Event.Detail!.Contains("fault"));
        Assert.Equal(4, listener.Events.Count(e => e.Kind == NodeEventKind.TrackStart));

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Voice_without_channel_id_is_refused_like_Lavalink_4_2()
    {
        var listener = new RecordingListener();
        var connection = new LavalinkConnection(_nodeOptions, _options, _rest, listener, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = connection.RunAsync(stop.Token);
        await Eventually.UntilAsync(() => listener.Ready.Count == 1, "ready");

        var body = new JsonObject { ["voice"] = new JsonObject { ["token"] = "t", ["endpoint"] = "us-east1.discord.media", ["sessionId"] = "s" } };
        var refused = await Assert.ThrowsAsync<AudioNodeException>(() => _rest.UpdatePlayerAsync(listener.Ready[0].SessionId, 5, body));

        Assert.Equal(400, refused.Status);
        Assert.Contains("channelId", refused.Reason);
        await stop.CancelAsync();
        await running;
    }

    private static JsonObject Patch(string encoded, int volume = 100) => new PlayerPatch
    {
        Track = encoded,
        Volume = volume,
        Voice = new VoiceConnection("token", "us-east1234.discord.media:443", "voice-session", 123),
    }.ToRequestBody();

    private sealed class RecordingListener : ILavalinkListener
    {
        public List<(string SessionId, bool Resumed)> Ready { get; } = [];
        public ConcurrentBag<string> Closed { get; } = [];
        public ConcurrentBag<NodeStats> Stats { get; } = [];
        public ConcurrentQueue<(long GuildId, NodePlayerState State)> Updates { get; } = new();
        private readonly ConcurrentQueue<(long GuildId, NodeEventKind Kind, NodePlayerEvent Event)> _events = new();

        public IReadOnlyList<(long GuildId, NodeEventKind Kind, NodePlayerEvent Event)> Events => _events.ToList();

        public List<(string, TrackEndReason)> Ends(long guildId) => Events
            .Where(e => e.GuildId == guildId && e.Kind == NodeEventKind.TrackEnd)
            .Select(e => (FakeCatalogue.Decode(e.Event.Encoded)!.Identifier, e.Event.Reason!.Value))
            .ToList();

        public Task<string?> GetResumableSessionAsync(string node, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task OnReadyAsync(string node, string sessionId, bool resumed)
        {
            lock (Ready) Ready.Add((sessionId, resumed));
            return Task.CompletedTask;
        }

        public Task OnClosedAsync(string node, string sessionId)
        {
            Closed.Add(sessionId);
            return Task.CompletedTask;
        }

        public ValueTask OnPlayerUpdateAsync(long guildId, NodePlayerState state)
        {
            Updates.Enqueue((guildId, state));
            return ValueTask.CompletedTask;
        }

        public ValueTask OnPlayerEventAsync(long guildId, NodePlayerEvent playerEvent)
        {
            _events.Enqueue((guildId, playerEvent.Kind, playerEvent));
            return ValueTask.CompletedTask;
        }

        public Task OnStatsAsync(string node, string sessionId, NodeStats stats)
        {
            Stats.Add(stats);
            return Task.CompletedTask;
        }
    }
}
