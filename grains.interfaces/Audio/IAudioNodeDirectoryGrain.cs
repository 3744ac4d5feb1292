namespace Asphalt.Grains.Interfaces.Audio;

/// <summary>
/// The cluster's view of its Lavalink nodes (a singleton: key 0): their sessions, stats and
/// availability, the voice ping learned per (node, voice region), where each guild's player is,
/// and failover of the players of a node that went down. docs/audio.md explains placement.
/// </summary>
[Alias("asphalt.audio.nodes")]
public interface IAudioNodeDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Places (or re-places) the guild's player: the least congested available node among those
    /// closest to <paramref name="voiceRegion"/> (any region when null). Null when no node is available.
    /// </summary>
    [Alias("place")]
    Task<NodeAssignment?> PlaceAsync(long guildId, string? voiceRegion);

    /// <summary>The guild's player is gone from its node. Idempotent.</summary>
    [Alias("release")]
    Task ReleaseAsync(long guildId);

    /// <summary>The session id a silo (<paramref name="owner"/>) last had on the node, to resume it after a restart.</summary>
    [ReadOnly, Alias("session.get")]
    Task<string?> GetResumableSessionAsync(string node, string owner);

    /// <summary>A silo's WebSocket to the node is ready (op ready).</summary>
    [Alias("session.ready")]
    Task ReportSessionReadyAsync(string node, string owner, string sessionId, bool resumed);

    /// <summary>A silo's WebSocket to the node closed; the session may still be resumed within the grace time.</summary>
    [Alias("session.closed")]
    Task ReportSessionClosedAsync(string node, string owner, string sessionId);

    /// <summary>op stats of a node, as received on one session.</summary>
    [Alias("stats")]
    Task ReportStatsAsync(string node, string sessionId, NodeStats stats);

    /// <summary>A live player's voice ping (playerUpdate.state.ping) from the node to a voice region.</summary>
    [OneWay, Alias("ping")]
    Task ReportVoicePingAsync(string node, string voiceRegion, int pingMs);

    [ReadOnly, Alias("nodes")]
    Task<NodeStatus[]> GetNodesAsync();

    /// <summary>The learned voice ping of a (node, region) pair in ms, null before any measurement. Read-only.</summary>
    [ReadOnly, Alias("ping.get")]
    Task<double?> GetLearnedPingAsync(string node, string voiceRegion);

    /// <summary>Runs the availability check now (a timer also runs it): down nodes' players are moved.</summary>
    [Alias("check")]
    Task CheckNodesAsync();
}
