namespace Asphalt.Grains.Interfaces.Audio;

/// <summary>
/// A guild's music player: voice connection, queue, now playing, loop, filters, history and the
/// rules (DJ role, vote skip, auto-leave). Key: the guild's snowflake. User commands return an
/// <see cref="AudioReply"/> instead of throwing for anything a user can get wrong.
/// </summary>
[Alias("asphalt.audio.player")]
public interface IAudioPlayerGrain : IGrainWithIntegerKey
{
    /// <summary>Loads a URL or searches the text, queues the result (a playlist entirely), joins the caller's channel and starts if idle.</summary>
    [Alias("play")]
    Task<AudioReply> PlayAsync(AudioCaller caller, string query);

    /// <summary>Searches without queueing (at most <paramref name="limit"/> results). Read-only.</summary>
    [Alias("search")]
    Task<AudioTrack[]> SearchAsync(string query, int limit);

    [Alias("pause")]
    Task<AudioReply> SetPausedAsync(AudioCaller caller, bool paused);

    /// <summary>Skips at once for a DJ, the track's requester or a lone listener; otherwise records a vote (a majority of listeners skips).</summary>
    [Alias("skip")]
    Task<AudioReply> SkipAsync(AudioCaller caller);

    /// <summary>Stops the track and clears the queue; stays in the channel.</summary>
    [Alias("stop")]
    Task<AudioReply> StopAsync(AudioCaller caller);

    [Alias("seek")]
    Task<AudioReply> SeekAsync(AudioCaller caller, long positionMs);

    /// <summary>0–200 %.</summary>
    [Alias("volume")]
    Task<AudioReply> SetVolumeAsync(AudioCaller caller, int volume);

    [Alias("loop")]
    Task<AudioReply> SetLoopAsync(AudioCaller caller, LoopMode mode);

    /// <summary>Turns shuffled play order on or off.</summary>
    [Alias("shuffle")]
    Task<AudioReply> SetShuffleAsync(AudioCaller caller, bool shuffle);

    /// <summary>Removes the queue entry at 1-based <paramref name="position"/>.</summary>
    [Alias("remove")]
    Task<AudioReply> RemoveAsync(AudioCaller caller, int position);

    /// <summary>Moves the queue entry at 1-based <paramref name="from"/> to <paramref name="to"/>.</summary>
    [Alias("move")]
    Task<AudioReply> MoveAsync(AudioCaller caller, int from, int to);

    [Alias("clear")]
    Task<AudioReply> ClearAsync(AudioCaller caller);

    [Alias("filters")]
    Task<AudioReply> SetFiltersAsync(AudioCaller caller, AudioFilters filters);

    /// <summary>24/7 mode: never leaves on its own.</summary>
    [Alias("always-on")]
    Task<AudioReply> SetAlwaysOnAsync(AudioCaller caller, bool alwaysOn);

    /// <summary>Leaves the voice channel, destroys the node player; the queue is kept.</summary>
    [Alias("leave")]
    Task<AudioReply> LeaveAsync(AudioCaller caller);

    /// <summary>The player with queue entries [<paramref name="queueOffset"/>, +<paramref name="queueCount"/>). Read-only.</summary>
    [ReadOnly, Alias("get")]
    Task<PlayerView> GetAsync(int queueOffset, int queueCount);

    /// <summary>Most recently played first. Read-only.</summary>
    [ReadOnly, Alias("history")]
    Task<AudioTrack[]> GetHistoryAsync(int count);

    /// <summary>The gateway delivers the bot's own VOICE_STATE_UPDATE for this guild.</summary>
    [Alias("voice.state")]
    Task OnVoiceStateAsync(VoiceStateUpdate update);

    /// <summary>The gateway delivers VOICE_SERVER_UPDATE for this guild.</summary>
    [Alias("voice.server")]
    Task OnVoiceServerAsync(VoiceServerUpdate update);

    /// <summary>Another (human) member joined, moved or left voice (<paramref name="channelId"/> null); drives vote skip and auto-leave.</summary>
    [Alias("voice.member")]
    Task OnMemberVoiceStateAsync(long userId, long? channelId);

    /// <summary>A node's <c>playerUpdate</c> for this guild (the silo's Lavalink client delivers it).</summary>
    [Alias("node.update")]
    Task OnNodePlayerStateAsync(NodePlayerState state);

    /// <summary>A node's player event for this guild; TrackEnd finished/loadFailed advances the queue.</summary>
    [Alias("node.event")]
    Task OnNodeEventAsync(NodePlayerEvent playerEvent);

    /// <summary>Failover: recreates the player on <paramref name="target"/> with track, position, volume, pause, filters and voice.</summary>
    [Alias("node.move")]
    Task MoveToNodeAsync(NodeAssignment target, bool oldNodeAlive);
}
