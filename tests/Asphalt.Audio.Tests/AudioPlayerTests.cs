using Asphalt.Audio.Tests.Support;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Audio.Tests;

/// <summary>The player grain in a test cluster, with the silo's Lavalink client talking to an emulated node.</summary>
public sealed class AudioPlayerTests : IAsyncLifetime
{
    private const long Channel = 5000;
    private AudioWorld _world = null!;

    public async Task InitializeAsync() => _world = await AudioWorld.Create().WithNode("us-east").StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static AudioCaller User(long id) => AudioWorld.Caller(id, Channel);

    private Task<PlayerView> View(long guild) => _world.Player(guild).GetAsync(0, 50);

    private async Task UntilPlayingAsync(long guild, string identifier) =>
        await Eventually.UntilAsync(() => _world.Node("node1").Player(guild)?.Track?.Identifier == identifier, $"node plays {identifier} for guild {guild}");

    [Fact]
    public async Task Play_joins_the_callers_channel_and_the_queue_advances_when_tracks_finish()
    {
        const long guild = 101;
        var first = await _world.Player(guild).PlayAsync(User(1), "Alpha");
        var second = await _world.Player(guild).PlayAsync(User(1), "https://www.youtube.com/watch?v=t-bravo");

        Assert.Equal(AudioOutcome.Started, first.Outcome);
        Assert.Equal("Alpha", first.Track?.Title);
        Assert.Equal(AudioOutcome.Queued, second.Outcome);
        Assert.Equal((guild, (long?)Channel), _world.Discord.Requests.First(r => r.GuildId == guild));

        await UntilPlayingAsync(guild, "t-alpha");
        var node = _world.Node("node1").Player(guild)!;
        Assert.Equal(Channel.ToString(), node.VoiceChannelId);
        Assert.Equal("us-east1234.discord.media:443", node.VoiceEndpoint);

        await Eventually.UntilAsync(async () => (await View(guild)).NowPlaying?.Identifier == "t-bravo", "bravo follows alpha");
        await Eventually.UntilAsync(async () => (await View(guild)).NowPlaying is null, "the queue runs out");
        var history = await _world.Player(guild).GetHistoryAsync(10);
        Assert.Equal(["t-bravo", "t-alpha"], history.Select(t => t.Identifier));
    }

    [Fact]
    public async Task A_playlist_is_queued_whole()
    {
        const long guild = 102;
        var reply = await _world.Player(guild).PlayAsync(User(1), TestTracks.Shorts.Uri);

        Assert.Equal(AudioOutcome.Started, reply.Outcome);
        Assert.Equal(3, reply.Count);
        Assert.Equal("Shorts", reply.Detail);
        Assert.Equal(["t-bravo", "t-charlie"], (await View(guild)).QueuePage.Select(t => t.Identifier));
    }

    [Fact]
    public async Task Replaced_and_stopped_tracks_do_not_advance_the_queue()
    {
        const long guild = 103;
        var player = _world.Player(guild);
        await player.PlayAsync(User(1), "Long Delta");
        await player.PlayAsync(User(1), "Long Echo");
        await player.PlayAsync(User(1), "Long Foxtrot");
        await UntilPlayingAsync(guild, "t-delta");

        // Skipping replaces Delta with Echo on the node: TrackEnd(replaced) must not skip Echo too.
        Assert.Equal(AudioOutcome.Ok, (await player.SkipAsync(User(1))).Outcome);
        await UntilPlayingAsync(guild, "t-echo");
        await Eventually.UntilAsync(() => _world.Node("node1").EventsFor(guild).Any(e => e.Reason == "replaced"), "the node reported replaced");
        await Task.Delay(1000); // playerUpdates keep coming; nothing may move the queue
        var view = await View(guild);
        Assert.Equal("t-echo", view.NowPlaying?.Identifier);
        Assert.Equal(["t-foxtrot"], view.QueuePage.Select(t => t.Identifier));

        // Stop clears the queue; TrackEnd(stopped) must not start anything.
        Assert.Equal(AudioOutcome.Ok, (await player.StopAsync(User(1))).Outcome);
        await Eventually.UntilAsync(() => _world.Node("node1").EventsFor(guild).Any(e => e.Reason == "stopped"), "the node reported stopped");
        await Task.Delay(1000);
        Assert.Null((await View(guild)).NowPlaying);
        Assert.Null(_world.Node("node1").Player(guild)!.Track);
    }

    [Fact]
    public async Task Loop_track_replays_the_track_and_loop_queue_puts_it_back_at_the_end()
    {
        const long trackGuild = 104, queueGuild = 105;
        await _world.Player(trackGuild).PlayAsync(User(1), "Alpha");
        await _world.Player(trackGuild).PlayAsync(User(1), "Bravo");
        await _world.Player(trackGuild).SetLoopAsync(User(1), LoopMode.Track);

        await Eventually.UntilAsync(() => _world.Node("node1").EventsFor(trackGuild).Count(e => e.Type == "TrackStartEvent" && e.TrackIdentifier == "t-alpha") >= 3, "alpha plays three times");
        var looping = await View(trackGuild);
        Assert.Equal("t-alpha", looping.NowPlaying?.Identifier);
        Assert.Equal(["t-bravo"], looping.QueuePage.Select(t => t.Identifier));

        await _world.Player(queueGuild).PlayAsync(User(1), "Alpha");
        await _world.Player(queueGuild).PlayAsync(User(1), "Bravo");
        await _world.Player(queueGuild).SetLoopAsync(User(1), LoopMode.Queue);
        await Eventually.UntilAsync(() => _world.Node("node1").EventsFor(queueGuild).Count(e => e.Type == "TrackStartEvent") >= 4, "four tracks started");
        var starts = _world.Node("node1").EventsFor(queueGuild).Where(e => e.Type == "TrackStartEvent").Take(4).Select(e => e.TrackIdentifier);
        Assert.Equal(["t-alpha", "t-bravo", "t-alpha", "t-bravo"], starts);
        Assert.Equal(1, (await View(queueGuild)).QueueLength);
    }

    [Fact]
    public async Task Skip_by_vote_needs_a_majority_of_the_listeners()
    {
        const long guild = 106;
        await _world.SetDjRoleAsync(guild, roleId: 999);
        var player = _world.Player(guild);
        await player.PlayAsync(User(1), "Long Delta");
        await player.PlayAsync(User(1), "Long Echo");
        foreach (var listener in new long[] { 2, 3, 4 }) await player.OnMemberVoiceStateAsync(listener, Channel);
        await UntilPlayingAsync(guild, "t-delta");

        var one = await player.SkipAsync(User(2));
        var again = await player.SkipAsync(User(2));
        var two = await player.SkipAsync(User(3));
        Assert.Equal((AudioOutcome.VoteRecorded, 1, 3), (one.Outcome, one.Count, one.Needed));
        Assert.Equal((AudioOutcome.VoteRecorded, 1, 3), (again.Outcome, again.Count, again.Needed)); // one vote per listener
        Assert.Equal((AudioOutcome.VoteRecorded, 2, 3), (two.Outcome, two.Count, two.Needed));
        Assert.Equal("t-delta", (await View(guild)).NowPlaying?.Identifier);

        var outsider = await player.SkipAsync(AudioWorld.Caller(9, Channel + 1));
        Assert.Equal(AudioOutcome.DifferentChannel, outsider.Outcome);

        var three = await player.SkipAsync(User(4));
        Assert.Equal(AudioOutcome.Ok, three.Outcome);
        await UntilPlayingAsync(guild, "t-echo");

        // A DJ skips at once.
        await player.PlayAsync(User(1), "Long Foxtrot");
        Assert.Equal(AudioOutcome.Ok, (await player.SkipAsync(AudioWorld.Caller(3, Channel, 999))).Outcome);
        await UntilPlayingAsync(guild, "t-foxtrot");
    }

    [Fact]
    public async Task Commands_refuse_clearly_when_the_user_may_not()
    {
        const long guild = 107;
        await _world.SetDjRoleAsync(guild, roleId: 999);
        var player = _world.Player(guild);

        Assert.Equal(AudioOutcome.NotInVoice, (await player.PlayAsync(AudioWorld.Caller(1, null), "Alpha")).Outcome);
        Assert.Equal(AudioOutcome.NothingFound, (await player.PlayAsync(User(1), "no such song anywhere")).Outcome);
        var failed = await player.PlayAsync(User(1), "https://broken.example/video");
        Assert.Equal((AudioOutcome.LoadFailed, "This video is unavailable"), (failed.Outcome, failed.Detail));

        await player.PlayAsync(User(1), "Long Delta");
        await player.OnMemberVoiceStateAsync(2, Channel);
        Assert.Equal(AudioOutcome.DifferentChannel, (await player.PlayAsync(AudioWorld.Caller(2, Channel + 1), "Alpha")).Outcome);
        Assert.Equal(AudioOutcome.MissingDjRole, (await player.SetVolumeAsync(User(2), 50)).Outcome);
        Assert.Equal(AudioOutcome.InvalidArgument, (await player.SetVolumeAsync(AudioWorld.Caller(2, Channel, 999), 500)).Outcome);
        Assert.Equal(AudioOutcome.Ok, (await player.SetVolumeAsync(AudioWorld.Caller(2, Channel, 999), 50)).Outcome);
        Assert.Equal(AudioOutcome.InvalidArgument, (await player.RemoveAsync(User(1), 5)).Outcome);
    }

    [Fact]
    public async Task Volume_pause_seek_and_filters_reach_the_node()
    {
        const long guild = 108;
        var player = _world.Player(guild);
        await player.PlayAsync(User(1), "Long Delta");
        await UntilPlayingAsync(guild, "t-delta");

        await player.SetVolumeAsync(User(1), 150);
        await player.SetPausedAsync(User(1), true);
        await player.SeekAsync(User(1), 120_000);
        await player.SetFiltersAsync(User(1), AudioFilters.Nightcore | AudioFilters.BassBoost | AudioFilters.EightD);

        var node = _world.Node("node1").Player(guild)!;
        Assert.Equal(150, node.Volume);
        Assert.True(node.Paused);
        Assert.Equal(120_000, node.PositionMs);
        Assert.Equal(1.25, node.Filters["timescale"]!["speed"]!.GetValue<double>());
        Assert.Equal(5, node.Filters["equalizer"]!.AsArray().Count);
        Assert.Equal(0.2, node.Filters["rotation"]!["rotationHz"]!.GetValue<double>());

        await player.SetFiltersAsync(User(1), AudioFilters.None);
        Assert.Empty(_world.Node("node1").Player(guild)!.Filters);
    }

    [Fact]
    public async Task The_queue_survives_a_silo_restart_and_the_node_session_is_resumed()
    {
        const long guild = 109;
        var player = _world.Player(guild);
        await player.PlayAsync(User(1), "Long Delta");
        await player.PlayAsync(User(1), "Long Echo");
        await player.PlayAsync(User(1), "Alpha");
        await player.SetLoopAsync(User(1), LoopMode.Queue);
        await player.SetVolumeAsync(User(1), 70);
        await UntilPlayingAsync(guild, "t-delta");
        var sessions = _world.Node("node1").SessionIds;

        await _world.RestartClusterAsync();

        var view = await _world.Player(guild).GetAsync(0, 10);
        Assert.Equal("t-delta", view.NowPlaying?.Identifier);
        Assert.Equal(["t-echo", "t-alpha"], view.QueuePage.Select(t => t.Identifier));
        Assert.Equal((LoopMode.Queue, 70, (long?)Channel), (view.Loop, view.Volume, view.VoiceChannelId));
        Assert.Equal(sessions, _world.Node("node1").SessionIds); // resumed, not a new session
        Assert.Equal("t-delta", _world.Node("node1").Player(guild)?.Track?.Identifier);

        // …and it still plays: the resumed session's events drive the grain.
        await _world.Player(guild).SkipAsync(User(1));
        await UntilPlayingAsync(guild, "t-echo");
    }
}
