using System.Text.Json;
using System.Text.Json.Nodes;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Commands.Audio;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Voice;
using Asphalt.Grains.Interfaces.Audio;
using Microsoft.Extensions.DependencyInjection;

namespace Asphalt.Gateway.Tests.Commands;

public class AudioCommandTests
{
    private static IReadOnlyDictionary<string, JsonObject> Declared()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainFactory>(_ => null!); // declarations need no cluster
        services.AddSingleton<VoiceStateCache>();
        services.AddAudioCommands();
        using var provider = services.BuildServiceProvider();
        return provider.GetServices<ISlashCommand>().ToDictionary(c => c.Definition.Name,
            c => JsonNode.Parse(JsonSerializer.Serialize(c.Definition.ToPayload(), DiscordJsonContext.Default.ApplicationCommandPayload))!.AsObject());
    }

    [Fact]
    public void Every_music_command_is_declared_once_with_its_options()
    {
        var declared = Declared();
        Assert.Equal(["247", "clear", "filter", "history", "leave", "loop", "move", "nowplaying", "pause", "play", "queue", "remove", "resume", "search",
            "seek", "shuffle", "skip", "stop", "volume"], declared.Keys.Order(StringComparer.Ordinal));
        var level = declared["volume"]["options"]![0]!;
        Assert.Equal((0, 200, true), (level["min_value"]!.GetValue<int>(), level["max_value"]!.GetValue<int>(), level["required"]!.GetValue<bool>()));
        Assert.Equal(["off", "track", "queue"], declared["loop"]["options"]![0]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Equal(["off", "bassboost", "nightcore", "vaporwave", "8d", "karaoke"], declared["filter"]["options"]![0]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        Assert.Null(declared["queue"]["options"]![0]!["required"]); // /queue [page]
        Assert.Equal(["from", "to"], declared["move"]["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("83", 83_000)]
    [InlineData("1:23", 83_000)]
    [InlineData("0:05", 5_000)]
    [InlineData("1:02:03", 3_723_000)]
    [InlineData(" 2:00 ", 120_000)]
    public void Positions_are_read_as_people_type_them(string text, long expected)
    {
        Assert.True(TrackPosition.TryParse(text, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:5")]
    [InlineData("1:60")]
    [InlineData("-3")]
    [InlineData("1:02:03:04")]
    [InlineData("abc")]
    public void Other_positions_are_refused(string text) => Assert.False(TrackPosition.TryParse(text, out _));

    private static AudioTrack Track(string title, long ms = 201_000) => new("enc", "id", title, "Band", ms, "https://example.com/t", "youtube", false, true, 42);

    [Fact]
    public void The_queue_embed_numbers_entries_across_pages_and_says_where_it_is()
    {
        var page = Enumerable.Range(11, 10).Select(i => Track($"Song {i}")).ToArray();
        var view = new PlayerView(1, 5, 6, Track("Now *bold*"), 1_000, false, 100, LoopMode.Queue, true, AudioFilters.None, false, page, 25, "node1", true);
        var embed = AudioText.Queue(view, page: 2, pageSize: 10);
        Assert.Contains("`11.` **Song 11** by Band `[3:21]`", embed.Description);
        Assert.Contains("`20.` **Song 20**", embed.Description);
        Assert.Contains(@"**Now \*bold\***", embed.Description); // titles cannot break the markdown
        Assert.Equal("Page 2/3 · 25 tracks · loop queue · shuffle on", embed.Footer!.Text);
    }

    [Fact]
    public void Refusals_say_what_to_do()
    {
        Assert.Equal("Join a voice channel first.", AudioText.Refusal(new AudioReply(AudioOutcome.NotInVoice)));
        Assert.Contains("<#5000>", AudioText.Refusal(new AudioReply(AudioOutcome.DifferentChannel, "5000")));
        Assert.Contains("DJ role", AudioText.Refusal(new AudioReply(AudioOutcome.MissingDjRole)));
        Assert.Equal("Nothing found for `lost song`.", AudioText.Refusal(new AudioReply(AudioOutcome.NothingFound, "ytsearch:lost song")));
        Assert.Equal("Load failed: This video is unavailable.", AudioText.Refusal(new AudioReply(AudioOutcome.LoadFailed, "This video is unavailable")));
    }
}
