using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Asphalt.Grains.Interfaces.Audio;
using Asphalt.Grains.Ports;

namespace Asphalt.Silo.Audio.Lavalink;

/// <summary>Between Lavalink's wire shapes and the grains' records.</summary>
public static class LavalinkMapping
{
    public static AudioTrack ToAudioTrack(this LavalinkTrack track) => new(
        track.Encoded, track.Info.Identifier, track.Info.Title, track.Info.Author, track.Info.Length,
        track.Info.Uri, track.Info.SourceName, track.Info.IsStream, track.Info.IsSeekable);

    public static TrackLoadResult ToLoadResult(this LavalinkLoadResult result, string node)
    {
        try
        {
            return result.LoadType switch
            {
                "track" => new TrackLoadResult(TrackLoadKind.Track, [result.Data.Deserialize(LavalinkJson.Default.LavalinkTrack)!.ToAudioTrack()]),
                "playlist" => Playlist(result.Data.Deserialize(LavalinkJson.Default.LavalinkPlaylist)!),
                "search" => new TrackLoadResult(TrackLoadKind.Search, result.Data.Deserialize(LavalinkJson.Default.LavalinkTrackArray)!.Select(ToAudioTrack).ToArray()),
                "empty" => new TrackLoadResult(TrackLoadKind.Empty, []),
                "error" => Error(result.Data.Deserialize(LavalinkJson.Default.LavalinkException)),
                _ => throw new AudioNodeException(node, 200, $"unknown loadType '{result.LoadType}'", "/v4/loadtracks"),
            };
        }
        catch (JsonException e)
        {
            throw new AudioNodeException(node, 200, $"unreadable {result.LoadType} result: {e.Message}", "/v4/loadtracks", e);
        }
    }

    private static TrackLoadResult Playlist(LavalinkPlaylist playlist)
    {
        var tracks = playlist.Tracks.Select(ToAudioTrack).ToList();
        // selectedTrack (e.g. &index= in a YouTube URL) plays first; -1 = none.
        if (playlist.Info.SelectedTrack > 0 && playlist.Info.SelectedTrack < tracks.Count)
            tracks = tracks.Skip(playlist.Info.SelectedTrack).Concat(tracks.Take(playlist.Info.SelectedTrack)).ToList();
        return new TrackLoadResult(TrackLoadKind.Playlist, tracks, playlist.Info.Name);
    }

    private static TrackLoadResult Error(LavalinkException? exception) =>
        new(TrackLoadKind.Error, [], ErrorMessage: exception?.Message ?? exception?.Cause ?? "the track could not be loaded");

    /// <summary>The Update Player request body: absent members are left unchanged by Lavalink.</summary>
    public static JsonObject ToRequestBody(this PlayerPatch patch)
    {
        var body = new JsonObject();
        if (patch.Track is { } encoded) body["track"] = new JsonObject { ["encoded"] = encoded };
        else if (patch.StopTrack) body["track"] = new JsonObject { ["encoded"] = null };
        if (patch.PositionMs is { } position) body["position"] = position;
        if (patch.Volume is { } volume) body["volume"] = volume;
        if (patch.Paused is { } paused) body["paused"] = paused;
        if (patch.Filters is { } filters) body["filters"] = ToFilters(filters);
        if (patch.Voice is { } voice)
        {
            body["voice"] = new JsonObject
            {
                ["token"] = voice.Token,
                ["endpoint"] = voice.Endpoint,
                ["sessionId"] = voice.SessionId,
                // Required since Lavalink 4.2 (400 without it).
                ["channelId"] = voice.ChannelId.ToString(CultureInfo.InvariantCulture),
            };
        }
        return body;
    }

    /// <summary>
    /// The presets as Lavalink filters. The whole object replaces the node's filters, so None clears them.
    /// Bass boost lifts the four lowest equalizer bands (25–100 Hz); nightcore/vaporwave change the
    /// timescale; 8D rotates the sound at 0.2 Hz; karaoke cancels the centre band where vocals sit.
    /// </summary>
    public static JsonObject ToFilters(AudioFilters filters)
    {
        var json = new JsonObject();
        if (filters.HasFlag(AudioFilters.BassBoost))
        {
            double[] gains = [0.3, 0.25, 0.2, 0.1, 0.05];
            json["equalizer"] = new JsonArray(gains.Select((g, band) => (JsonNode)new JsonObject { ["band"] = band, ["gain"] = g }).ToArray());
        }
        if (filters.HasFlag(AudioFilters.Nightcore))
            json["timescale"] = new JsonObject { ["speed"] = 1.25, ["pitch"] = 1.25, ["rate"] = 1.0 };
        if (filters.HasFlag(AudioFilters.Vaporwave))
            json["timescale"] = new JsonObject { ["speed"] = 0.85, ["pitch"] = 0.8, ["rate"] = 1.0 };
        if (filters.HasFlag(AudioFilters.EightD))
            json["rotation"] = new JsonObject { ["rotationHz"] = 0.2 };
        if (filters.HasFlag(AudioFilters.Karaoke))
            json["karaoke"] = new JsonObject { ["level"] = 1.0, ["monoLevel"] = 1.0, ["filterBand"] = 220.0, ["filterWidth"] = 100.0 };
        return json;
    }

    public static NodeStats ToNodeStats(this LavalinkStats stats) => new(
        stats.Players, stats.PlayingPlayers, stats.Uptime, stats.Cpu.Cores, stats.Cpu.SystemLoad, stats.Cpu.LavalinkLoad,
        stats.FrameStats is { } f ? new FrameStats(f.Sent, f.Nulled, f.Deficit) : null);
}
