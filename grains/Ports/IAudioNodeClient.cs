using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Grains.Ports;

/// <summary>
/// Lavalink nodes as the audio grains see them (REST only; the silo's Lavalink client implements
/// it and delivers the nodes' WebSocket messages to the grains). Node failures surface as
/// <see cref="AudioNodeException"/>.
/// </summary>
public interface IAudioNodeClient
{
    /// <summary>GET /v4/loadtracks: a URL, or a search such as <c>ytsearch:text</c>.</summary>
    Task<TrackLoadResult> LoadTracksAsync(string node, string identifier, CancellationToken cancellationToken = default);

    /// <summary>PATCH /v4/sessions/{session}/players/{guild}: creates or updates the player.</summary>
    Task UpdatePlayerAsync(NodeAssignment session, long guildId, PlayerPatch patch, CancellationToken cancellationToken = default);

    /// <summary>DELETE /v4/sessions/{session}/players/{guild}. A player that is already gone is not an error.</summary>
    Task DestroyPlayerAsync(NodeAssignment session, long guildId, CancellationToken cancellationToken = default);
}

public enum TrackLoadKind
{
    Track,
    Playlist,
    Search,
    Empty,
    Error,
}

public sealed record TrackLoadResult(TrackLoadKind Kind, IReadOnlyList<AudioTrack> Tracks, string? PlaylistName = null, string? ErrorMessage = null);

/// <summary>The voice connection a node needs (Discord's VOICE_SERVER_UPDATE + the bot's voice session).</summary>
public sealed record VoiceConnection(string Token, string Endpoint, string SessionId, long ChannelId);

/// <summary>
/// A player update: null members are left as they are. <see cref="Track"/> set plays it (replacing
/// the current one); <see cref="StopTrack"/> stops the current track.
/// </summary>
public sealed record PlayerPatch
{
    public string? Track { get; init; }
    public bool StopTrack { get; init; }
    public long? PositionMs { get; init; }
    public int? Volume { get; init; }
    public bool? Paused { get; init; }
    public AudioFilters? Filters { get; init; }
    public VoiceConnection? Voice { get; init; }
}

/// <summary>A node refused or failed a request (Lavalink's error body, or no answer at all).</summary>
public sealed class AudioNodeException(string node, int? status, string message, string? path = null, Exception? inner = null)
    : Exception($"Lavalink node '{node}' {(status is { } s ? $"answered {s}" : "failed")}{(path is null ? "" : $" on {path}")}: {message}", inner)
{
    public string Node { get; } = node;

    /// <summary>The HTTP status, null when the node could not be reached.</summary>
    public int? Status { get; } = status;

    /// <summary>Lavalink's <c>message</c> (or what went wrong), for users and logs.</summary>
    public string Reason { get; } = message;

    public string? RequestPath { get; } = path;
}
