using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asphalt.Silo.Audio.Lavalink;

// Lavalink v4 wire shapes (docs/api/rest.md, docs/api/websocket.md of lavalink-devs/Lavalink).
// Unknown fields are ignored; fields a plugin may add stay in pluginInfo/userData untouched.

public sealed record LavalinkTrack(
    string Encoded,
    LavalinkTrackInfo Info,
    JsonElement? PluginInfo = null,
    JsonElement? UserData = null);

public sealed record LavalinkTrackInfo(
    string Identifier,
    bool IsSeekable,
    string Author,
    long Length,
    bool IsStream,
    long Position,
    string Title,
    string? Uri,
    string? ArtworkUrl,
    string? Isrc,
    string SourceName);

/// <summary><c>GET /v4/loadtracks</c>: <c>data</c> depends on <c>loadType</c> (track, playlist, search, empty, error).</summary>
public sealed record LavalinkLoadResult(string LoadType, JsonElement Data);

public sealed record LavalinkPlaylist(LavalinkPlaylistInfo Info, LavalinkTrack[] Tracks);

public sealed record LavalinkPlaylistInfo(string Name, int SelectedTrack);

/// <summary>The exception object of a load error or a TrackExceptionEvent.</summary>
public sealed record LavalinkException(string? Message, string Severity, string? Cause);

/// <summary>Lavalink's error body on a failed request.</summary>
public sealed record LavalinkError(long Timestamp, int Status, string Error, string? Trace, string? Message, string Path);

public sealed record LavalinkSession(bool Resuming, int Timeout);

public sealed record LavalinkPlayerState(long Time, long Position, bool Connected, int Ping);

public sealed record LavalinkPlayer(string GuildId, LavalinkTrack? Track, int Volume, bool Paused, LavalinkPlayerState State, JsonElement? Voice, JsonElement? Filters);

public sealed record LavalinkStats(
    int Players,
    int PlayingPlayers,
    long Uptime,
    LavalinkMemory? Memory,
    LavalinkCpu Cpu,
    LavalinkFrameStats? FrameStats);

public sealed record LavalinkMemory(long Free, long Used, long Allocated, long Reservable);

public sealed record LavalinkCpu(int Cores, double SystemLoad, double LavalinkLoad);

public sealed record LavalinkFrameStats(int Sent, int Nulled, int Deficit);

public sealed record LavalinkInfo(LavalinkVersion Version, long BuildTime, string? Jvm, string? Lavaplayer, string[] SourceManagers, string[] Filters);

public sealed record LavalinkVersion(string Semver, int Major, int Minor, int Patch, string? PreRelease, string? Build);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LavalinkTrack))]
[JsonSerializable(typeof(LavalinkTrack[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(LavalinkLoadResult))]
[JsonSerializable(typeof(LavalinkPlaylist))]
[JsonSerializable(typeof(LavalinkException))]
[JsonSerializable(typeof(LavalinkError))]
[JsonSerializable(typeof(LavalinkSession))]
[JsonSerializable(typeof(LavalinkPlayer))]
[JsonSerializable(typeof(LavalinkPlayerState))]
[JsonSerializable(typeof(LavalinkStats))]
[JsonSerializable(typeof(LavalinkInfo))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
public sealed partial class LavalinkJson : JsonSerializerContext;
