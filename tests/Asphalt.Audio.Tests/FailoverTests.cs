using Asphalt.Audio.Tests.Support;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Audio.Tests;

/// <summary>Two emulated nodes: placement by the guild's voice region, learning pings, and failover when a node dies.</summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private const long Channel = 7000;
    private AudioWorld _world = null!;

    public async Task InitializeAsync() => _world = await AudioWorld.Create()
        .WithNode("us-east")
        .WithNode("eu-west")
        .With("Audio:RegionLatency:ams:eu-west", "10")
        .With("Audio:RegionLatency:ams:us-east", "90")
        .StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_player_is_placed_near_its_voice_server_and_its_ping_is_learned()
    {
        const long guild = 301;
        _world.Discord.Endpoints[guild] = "c-ams03-1a2b3c4d.discord.media:443";
        _world.Node("node2").SetVoicePing("ams", 12);

        await _world.Player(guild).PlayAsync(AudioWorld.Caller(1, Channel), "Long Delta");

        await Eventually.UntilAsync(() => _world.Node("node2").Player(guild)?.Track?.Identifier == "t-delta", "it plays on the eu-west node");
        Assert.Null(_world.Node("node1").Player(guild));
        await Eventually.UntilAsync(async () => await _world.Directory.GetLearnedPingAsync("node2", "ams") is 12, "the directory learned node2 → ams");
    }

    [Fact]
    public async Task When_a_node_dies_its_players_move_to_another_node_and_keep_playing_near_their_position()
    {
        const long guild = 302;
        var player = _world.Player(guild);
        await player.PlayAsync(AudioWorld.Caller(1, Channel), "Long Delta");
        await player.PlayAsync(AudioWorld.Caller(1, Channel), "Long Echo");
        await player.SetVolumeAsync(AudioWorld.Caller(1, Channel), 65);
        await player.SetFiltersAsync(AudioWorld.Caller(1, Channel), AudioFilters.Karaoke);
        await Eventually.UntilAsync(() => _world.Node("node1").Player(guild)?.PositionMs > 1500, "it plays on the us-east node for a while");

        var before = _world.Node("node1").Player(guild)!.PositionMs;
        var killedAt = DateTime.UtcNow;
        await _world.Node("node1").KillAsync();

        await Eventually.UntilAsync(() => _world.Node("node2").Player(guild)?.Track?.Identifier == "t-delta", "it plays on the other node");
        var elapsed = (long)(DateTime.UtcNow - killedAt).TotalMilliseconds;
        var moved = _world.Node("node2").Player(guild)!;
        Assert.InRange(moved.PositionMs, before - 1000, before + elapsed + 5000);
        Assert.Equal(65, moved.Volume);
        Assert.True(moved.Filters.ContainsKey("karaoke"));
        Assert.Equal(Channel.ToString(), moved.VoiceChannelId);
        Assert.False(moved.Paused);

        var nodes = await _world.Directory.GetNodesAsync();
        Assert.False(nodes.Single(n => n.Name == "node1").Available);
        Assert.Equal("node2", (await player.GetAsync(0, 0)).Node);

        // The moved player's events drive the queue on its new node.
        await player.SkipAsync(AudioWorld.Caller(1, Channel));
        await Eventually.UntilAsync(() => _world.Node("node2").Player(guild)?.Track?.Identifier == "t-echo", "the queue goes on");
    }
}
