using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Lavalink;

/// <summary>A track the emulated node can "play". <see cref="FailsOnPlay"/> makes it end with loadFailed when started.</summary>
public sealed record FakeTrack(
    string Identifier,
    string Title,
    string Author,
    long LengthMs,
    string? Uri = null,
    bool IsStream = false,
    bool FailsOnPlay = false,
    string SourceName = "youtube")
{
    public string EffectiveUri => Uri ?? $"https://www.youtube.com/watch?v={Identifier}";
}

public sealed record FakePlaylist(string Name, string Uri, IReadOnlyList<string> TrackIdentifiers, int SelectedTrack = -1);

/// <summary>The default catalogue and the node's track encoding (base64 of a small versioned JSON; clients treat it as opaque).</summary>
public static class FakeCatalogue
{
    /// <summary>URLs on this host make loadtracks answer loadType error.</summary>
    public const string BrokenHost = "broken.example";

    public static readonly IReadOnlyList<FakeTrack> DefaultTracks =
    [
        new("dQw4w9WgXcQ", "Never Gonna Give You Up", "Rick Astley", 213_000),
        new("asphalt0001", "Asphalt Anthem", "The Emulators", 180_000),
        new("asphalt0002", "Lo-fi Beats To Test To", "The Emulators", 240_000),
        new("asphalt0003", "Short Jingle", "The Emulators", 3_000),
        new("asphalt0004", "Another Short One", "The Emulators", 4_000),
        new("asphalt0005", "Radio Asphalt", "The Emulators", 0, IsStream: true),
        new("asphalt0006", "Broken Record", "The Emulators", 60_000, FailsOnPlay: true),
    ];

    public static readonly IReadOnlyList<FakePlaylist> DefaultPlaylists =
    [
        new("Emulator Mix", "https://www.youtube.com/playlist?list=PLasphalt", ["asphalt0001", "asphalt0002", "asphalt0003"]),
    ];

    private const int Version = 1;

    public static string Encode(FakeTrack track)
    {
        var json = new JsonObject
        {
            ["v"] = Version,
            ["identifier"] = track.Identifier,
            ["title"] = track.Title,
            ["author"] = track.Author,
            ["length"] = track.LengthMs,
            ["uri"] = track.EffectiveUri,
            ["stream"] = track.IsStream,
            ["fails"] = track.FailsOnPlay,
            ["source"] = track.SourceName,
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    /// <summary>Null when <paramref name="encoded"/> is not a track this emulator encoded.</summary>
    public static FakeTrack? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) return null;
        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(encoded)) as JsonObject;
            if (json is null || json["v"]?.GetValue<int>() != Version) return null;
            return new FakeTrack(json["identifier"]!.GetValue<string>(), json["title"]!.GetValue<string>(), json["author"]!.GetValue<string>(),
                json["length"]!.GetValue<long>(), json["uri"]?.GetValue<string>(), json["stream"]!.GetValue<bool>(), json["fails"]!.GetValue<bool>(),
                json["source"]!.GetValue<string>());
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>The Track object of the REST and WebSocket APIs.</summary>
    public static JsonObject ToJson(FakeTrack track, long position = 0) => new()
    {
        ["encoded"] = Encode(track),
        ["info"] = new JsonObject
        {
            ["identifier"] = track.Identifier,
            ["isSeekable"] = !track.IsStream,
            ["author"] = track.Author,
            ["length"] = track.IsStream ? long.MaxValue : track.LengthMs,
            ["isStream"] = track.IsStream,
            ["position"] = position,
            ["title"] = track.Title,
            ["uri"] = track.EffectiveUri,
            ["artworkUrl"] = null,
            ["isrc"] = null,
            ["sourceName"] = track.SourceName,
        },
        ["pluginInfo"] = new JsonObject(),
        ["userData"] = new JsonObject(),
    };
}
