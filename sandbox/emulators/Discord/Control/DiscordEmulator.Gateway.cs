using System.Text.Json;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Gateway;

namespace Asphalt.Emulators.Discord;

/// <summary>Control API: gateway dispatches, faults and waits.</summary>
public sealed partial class DiscordEmulator
{
    /// <summary>
    /// Sends a dispatch on the shard's current session and returns its seq. The payload is serialized with
    /// snake_case names (JsonNode and anonymous objects work). A disconnected session keeps it for RESUME.
    /// </summary>
    public Task<long> DispatchAsync(int shardId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        var bytes = payload is JsonElement element
            ? JsonSerializer.SerializeToUtf8Bytes(element, DiscordJson.Options)
            : JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), DiscordJson.Options);
        return _context.Gateway.RequireSession(shardId).DispatchAsync(eventName, bytes, cancellationToken);
    }

    /// <summary>Sends a text frame as is on the shard's open connection (for malformed-frame tests).</summary>
    public async Task SendRawAsync(int shardId, string frame) =>
        await _context.Gateway.RequireConnection(shardId).SendRawAsync(frame).ConfigureAwait(false);

    /// <summary>Stops (or resumes) answering the shard's heartbeats with op 11, across reconnects.</summary>
    public void WithholdHeartbeatAcks(int shardId, bool withhold = true) => _context.Gateway.WithholdAcks(shardId, withhold);

    /// <summary>Sends op 1: the client must heartbeat at once.</summary>
    public async Task RequestHeartbeatAsync(int shardId) =>
        await _context.Gateway.RequireConnection(shardId).SendAsync(GatewayFrames.HeartbeatRequest()).ConfigureAwait(false);

    /// <summary>Sends op 7 RECONNECT: the client should reconnect and RESUME.</summary>
    public async Task SendReconnectAsync(int shardId) =>
        await _context.Gateway.RequireConnection(shardId).SendAsync(GatewayFrames.Reconnect()).ConfigureAwait(false);

    /// <summary>Sends op 9; with <paramref name="resumable"/> false the session is ended and a RESUME of it fails.</summary>
    public Task SendInvalidSessionAsync(int shardId, bool resumable) =>
        _context.Gateway.RequireConnection(shardId).InvalidateSessionAsync(resumable);

    /// <summary>Closes the shard's socket with a close frame carrying <paramref name="closeCode"/>.</summary>
    public Task CloseShardAsync(int shardId, int closeCode, string reason = "") =>
        _context.Gateway.RequireConnection(shardId).CloseAsync(closeCode, reason);

    /// <summary>Drops the shard's TCP connection without a close frame; the session stays resumable.</summary>
    public void AbortShardConnection(int shardId) => _context.Gateway.RequireConnection(shardId).Abort();

    public bool IsShardConnected(int shardId) => _context.Gateway.CurrentSession(shardId)?.Connection is not null;

    /// <summary>The session id and last seq of the shard's current session, or null if it never identified.</summary>
    public (string SessionId, long Seq)? ShardSession(int shardId) =>
        _context.Gateway.CurrentSession(shardId) is { } session ? (session.SessionId, session.Seq) : null;

    /// <summary>The <paramref name="occurrence"/>-th time the shard became ready (READY or RESUMED), counting past ones.</summary>
    public Task<ShardReadyRecord> WaitForConnectionAsync(int shardId, TimeSpan? timeout = null, int occurrence = 1) =>
        Log.ShardReady.WaitForCountAsync(r => r.ShardId == shardId, occurrence, timeout);

    public Task<IdentifyRecord> WaitForIdentifyAsync(int shardId, TimeSpan? timeout = null, int occurrence = 1) =>
        Log.Identifies.WaitForCountAsync(r => r.ShardId == shardId, occurrence, timeout);

    /// <summary>The <paramref name="occurrence"/>-th RESUME of the shard, successful or not.</summary>
    public Task<ResumeRecord> WaitForResumeAsync(int shardId, TimeSpan? timeout = null, int occurrence = 1) =>
        Log.Resumes.WaitForCountAsync(r => r.ShardId == shardId, occurrence, timeout);

    public Task<HeartbeatRecord> WaitForHeartbeatAsync(int shardId, TimeSpan? timeout = null, int occurrence = 1) =>
        Log.Heartbeats.WaitForCountAsync(r => r.ShardId == shardId, occurrence, timeout);

    /// <summary>The <paramref name="occurrence"/>-th end of a connection of the shard (with the client's close code, if any).</summary>
    public Task<GatewayCloseRecord> WaitForCloseAsync(int shardId, TimeSpan? timeout = null, int occurrence = 1) =>
        Log.Closes.WaitForCountAsync(r => r.ShardId == shardId, occurrence, timeout);
}
