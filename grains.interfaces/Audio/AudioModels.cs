namespace Asphalt.Grains.Interfaces.Audio;

/// <summary>A playable track as a Lavalink node described it; <see cref="Encoded"/> is the node's opaque token for it.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.track")]
public sealed record AudioTrack(
    [property: Id(0)] string Encoded,
    [property: Id(1)] string Identifier,
    [property: Id(2)] string Title,
    [property: Id(3)] string Author,
    [property: Id(4)] long LengthMs,
    [property: Id(5)] string? Uri,
    [property: Id(6)] string SourceName,
    [property: Id(7)] bool IsStream,
    [property: Id(8)] bool IsSeekable,
    // The user who queued it (0 while it is only a search result).
    [property: Id(9)] long RequestedBy = 0);

public enum LoopMode
{
    Off = 0,
    Track = 1,
    Queue = 2,
}

/// <summary>Filter presets; they combine, except that Nightcore and Vaporwave both set the timescale (the later one wins).</summary>
[Flags]
public enum AudioFilters
{
    None = 0,
    BassBoost = 1,
    Nightcore = 2,
    Vaporwave = 4,
    EightD = 8,
    Karaoke = 16,
}

/// <summary>Who asks, as the gateway knows them at the moment of the command.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.caller")]
public sealed record AudioCaller(
    [property: Id(0)] long UserId,
    // The voice channel the user is in (null = not in voice).
    [property: Id(1)] long? VoiceChannelId,
    [property: Id(2)] long[] RoleIds,
    // Manage Guild (or administrator): always counts as DJ.
    [property: Id(3)] bool CanManageGuild,
    [property: Id(4)] long? TextChannelId = null);

public enum AudioOutcome
{
    Ok = 0,
    Started = 1,
    Queued = 2,
    NothingFound = 3,
    LoadFailed = 4,
    NotInVoice = 5,
    DifferentChannel = 6,
    MissingDjRole = 7,
    NothingPlaying = 8,
    InvalidArgument = 9,
    VoteRecorded = 10,
    NoNodeAvailable = 11,
}

/// <summary>The answer to a player command: what happened, and what the reply needs to say it.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.reply")]
public sealed record AudioReply(
    [property: Id(0)] AudioOutcome Outcome,
    [property: Id(1)] string? Detail = null,
    [property: Id(2)] AudioTrack? Track = null,
    // Tracks added (play), votes so far (vote skip), position (queue) …
    [property: Id(3)] int Count = 0,
    // Votes needed (vote skip).
    [property: Id(4)] int Needed = 0)
{
    public bool Succeeded => Outcome is AudioOutcome.Ok or AudioOutcome.Started or AudioOutcome.Queued or AudioOutcome.VoteRecorded;
}

/// <summary>A read-only view of a guild's player with one page of its queue.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.view")]
public sealed record PlayerView(
    [property: Id(0)] long GuildId,
    [property: Id(1)] long? VoiceChannelId,
    [property: Id(2)] long? TextChannelId,
    [property: Id(3)] AudioTrack? NowPlaying,
    [property: Id(4)] long PositionMs,
    [property: Id(5)] bool Paused,
    [property: Id(6)] int Volume,
    [property: Id(7)] LoopMode Loop,
    [property: Id(8)] bool Shuffle,
    [property: Id(9)] AudioFilters Filters,
    [property: Id(10)] bool AlwaysOn,
    [property: Id(11)] AudioTrack[] QueuePage,
    [property: Id(12)] int QueueLength,
    [property: Id(13)] string? Node,
    [property: Id(14)] bool VoiceConnected);

/// <summary>The bot's own VOICE_STATE_UPDATE for the guild: channel null = it left (or was disconnected).</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.voice.state")]
public sealed record VoiceStateUpdate(
    [property: Id(0)] long? ChannelId,
    [property: Id(1)] string SessionId);

/// <summary>VOICE_SERVER_UPDATE: endpoint (host, no scheme) is null while Discord allocates a server.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.voice.server")]
public sealed record VoiceServerUpdate(
    [property: Id(0)] string Token,
    [property: Id(1)] string? Endpoint);

/// <summary>A node session: players live in a session, and its WebSocket carries their events.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.node.assignment")]
public sealed record NodeAssignment(
    [property: Id(0)] string Node,
    [property: Id(1)] string SessionId);

/// <summary><c>playerUpdate.state</c> of a node's player.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.node.player-update")]
public sealed record NodePlayerState(
    [property: Id(0)] string Node,
    [property: Id(1)] string SessionId,
    [property: Id(2)] long TimeMs,
    [property: Id(3)] long PositionMs,
    [property: Id(4)] bool Connected,
    // -1 while not connected to the voice server.
    [property: Id(5)] int PingMs);

public enum NodeEventKind
{
    TrackStart = 0,
    TrackEnd = 1,
    TrackException = 2,
    TrackStuck = 3,
    WebSocketClosed = 4,
}

/// <summary>Lavalink's TrackEndEvent reasons; only Finished and LoadFailed may start the next track.</summary>
public enum TrackEndReason
{
    Finished = 0,
    LoadFailed = 1,
    Stopped = 2,
    Replaced = 3,
    Cleanup = 4,
}

/// <summary>A player event from a node (<c>op: event</c>).</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.node.event")]
public sealed record NodePlayerEvent(
    [property: Id(0)] string Node,
    [property: Id(1)] string SessionId,
    [property: Id(2)] NodeEventKind Kind,
    // The track the event is about (null for WebSocketClosed).
    [property: Id(3)] string? Encoded,
    [property: Id(4)] TrackEndReason? Reason = null,
    // Exception message, stuck threshold, or close reason.
    [property: Id(5)] string? Detail = null,
    // WebSocketClosed: Discord's voice close code.
    [property: Id(6)] int? CloseCode = null)
{
    public bool MayStartNext => Kind == NodeEventKind.TrackEnd && Reason is TrackEndReason.Finished or TrackEndReason.LoadFailed;
}

/// <summary><c>op: stats</c> of a node (frame stats null when it plays nothing).</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.node.stats")]
public sealed record NodeStats(
    [property: Id(0)] int Players,
    [property: Id(1)] int PlayingPlayers,
    [property: Id(2)] long UptimeMs,
    [property: Id(3)] int Cores,
    [property: Id(4)] double SystemLoad,
    [property: Id(5)] double LavalinkLoad,
    [property: Id(6)] FrameStats? Frames);

[GenerateSerializer, Immutable, Alias("asphalt.audio.node.frames")]
public sealed record FrameStats(
    [property: Id(0)] int Sent,
    [property: Id(1)] int Nulled,
    [property: Id(2)] int Deficit);

/// <summary>What the directory knows about a node.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.audio.node.status")]
public sealed record NodeStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string Region,
    [property: Id(2)] bool Available,
    [property: Id(3)] double Penalty,
    // Players this cluster placed on it.
    [property: Id(4)] int AssignedPlayers,
    [property: Id(5)] NodeStats? Stats,
    [property: Id(6)] DateTimeOffset? StatsAt,
    [property: Id(7)] int LiveSessions);
