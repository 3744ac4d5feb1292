using Asphalt.Grains.Audio;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Audio.Tests;

/// <summary>Where a new player goes: region first (learned ping, else the configured table), then the lowest penalty.</summary>
public sealed class NodePlacementTests
{
    private static readonly AudioOptions Options = new()
    {
        RegionToleranceMs = 25,
        UnknownRegionPingMs = 250,
        RegionLatency = new(StringComparer.OrdinalIgnoreCase)
        {
            ["ewr"] = new() { ["us-east"] = 5, ["us-west"] = 70, ["eu-west"] = 80 },
            ["ams"] = new() { ["eu-west"] = 8, ["us-east"] = 85, ["us-west"] = 150 },
            ["rotterdam"] = new() { ["eu-west"] = 10, ["us-east"] = 90 },
        },
    };

    private static readonly Func<string, string, double?> NothingLearned = (_, _) => null;

    private static PlacementCandidate Node(string name, string region, double penalty = 0, bool available = true) => new(name, region, penalty, available);

    [Theory]
    [InlineData("c-ewr07-3d9f2a3b.discord.media:443", "ewr")]
    [InlineData("c-ams03-1a2b3c4d.discord.media", "ams")]
    [InlineData("us-east1234.discord.media:443", "us-east")]
    [InlineData("vip-us-east1234.discord.gg", "us-east")]
    [InlineData("rotterdam8123.discord.media:443", "rotterdam")]
    [InlineData("EU-CENTRAL42.discord.media", "eu-central")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_voice_region_comes_from_the_endpoint_in_both_forms(string? endpoint, string? region) =>
        Assert.Equal(region, VoiceRegion.Parse(endpoint));

    public static TheoryData<string, string?, PlacementCandidate[], string?> Cases => new()
    {
        // name, voice region, nodes, expected
        { "the node in the voice region wins over an idle one far away", "ewr", [Node("far", "eu-west"), Node("near", "us-east", penalty: 40)], "near" },
        { "between two near nodes the less congested wins", "ewr", [Node("a", "us-east", 30), Node("b", "us-east", 10), Node("c", "eu-west")], "b" },
        { "nodes within the tolerance count as the same region", "ams", [Node("ams1", "ams", 50), Node("lon", "eu-west", 5)], "lon" },
        { "outside the tolerance the nearer region wins despite load", "rotterdam", [Node("eu", "eu-west", 50), Node("us", "us-east", 5)], "eu" },
        { "a region named exactly like the voice region is the closest", "us-east", [Node("x", "us-east", 10), Node("y", "eu-west", 0)], "x" },
        { "an unavailable near node is skipped", "ewr", [Node("near", "us-east", available: false), Node("west", "us-west", 20), Node("syd", "ap-southeast")], "west" },
        { "no voice region yet: lowest penalty anywhere", null, [Node("a", "us-east", 12), Node("b", "eu-west", 3)], "b" },
        { "nothing available: nowhere", "ewr", [Node("a", "us-east", available: false)], null },
        { "an unknown region falls back to load", "syd", [Node("a", "us-east", 12), Node("b", "eu-west", 3)], "b" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Placement(string because, string? voiceRegion, PlacementCandidate[] nodes, string? expected) =>
        Assert.True(expected == NodePlacement.Choose(nodes, voiceRegion, NothingLearned, Options), because);

    [Fact]
    public void A_learned_ping_beats_the_configured_proximity()
    {
        // The table says eu-west is near Amsterdam; live players measured otherwise.
        PlacementCandidate[] nodes = [Node("eu", "eu-west"), Node("us", "us-east")];
        Func<string, string, double?> learned = (node, region) => (node, region) switch
        {
            ("eu", "ams") => 140,
            ("us", "ams") => 30,
            _ => null,
        };

        Assert.Equal("eu", NodePlacement.Choose(nodes, "ams", NothingLearned, Options));
        Assert.Equal("us", NodePlacement.Choose(nodes, "ams", learned, Options));
    }

    [Fact]
    public void The_penalty_follows_Lavalinks_model()
    {
        Assert.Equal(0, NodePenalty.Of(new NodeStats(0, 0, 0, 4, 0, 0, null), available: true), 6);
        Assert.Equal(NodePenalty.Unavailable, NodePenalty.Of(new NodeStats(0, 0, 0, 4, 0, 0, null), available: false));

        // 10 playing + cpu 1.05^(100·0.5)·10 − 10 ≈ 104.67
        Assert.Equal(10 + (Math.Pow(1.05, 50) * 10 - 10), NodePenalty.Of(new NodeStats(12, 10, 0, 4, 0.5, 0.1, null), true), 6);

        // deficit 300 of 3000: 1.03^50·600 − 600; nulled 150: 2·(1.03^25·300 − 300)
        var frames = NodePenalty.Of(new NodeStats(1, 1, 0, 4, 0, 0, new FrameStats(2700, 150, 300)), true);
        Assert.Equal(1 + (Math.Pow(1.03, 50) * 600 - 600) + 2 * (Math.Pow(1.03, 25) * 300 - 300), frames, 6);

        // frames sent early (negative deficit) earn nothing
        Assert.Equal(1, NodePenalty.Of(new NodeStats(1, 1, 0, 4, 0, 0, new FrameStats(3100, 0, -100)), true), 6);
    }

    [Fact]
    public void A_busy_near_node_loses_to_an_idle_one_only_outside_the_region()
    {
        var busy = NodePenalty.Of(new NodeStats(500, 400, 0, 8, 0.9, 0.7, new FrameStats(2000, 500, 1000)), true);
        var idle = NodePenalty.Of(new NodeStats(0, 0, 0, 8, 0.02, 0.01, null), true);

        Assert.Equal("busy", NodePlacement.Choose([Node("busy", "us-east", busy), Node("idle", "eu-west", idle)], "ewr", NothingLearned, Options));
        Assert.Equal("idle", NodePlacement.Choose([Node("busy", "us-east", busy), Node("idle", "us-east", idle)], "ewr", NothingLearned, Options));
    }
}
