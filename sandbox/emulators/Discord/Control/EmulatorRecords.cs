using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Discord.Control;

/// <summary>Which advertised URL a gateway connection used.</summary>
public enum GatewayEndpointKind
{
    /// <summary>The <c>url</c> of <c>GET /gateway/bot</c>.</summary>
    Gateway,

    /// <summary>The <c>resume_gateway_url</c> of READY.</summary>
    ResumeGateway,
}

/// <summary>A WebSocket accepted by the gateway.</summary>
public sealed record GatewayConnectionRecord(long ConnectionId, GatewayEndpointKind Endpoint, string PathAndQuery, bool Compressed, DateTimeOffset At);

/// <summary>An IDENTIFY the emulator accepted (READY followed).</summary>
public sealed record IdentifyRecord(long ConnectionId, int ShardId, int ShardCount, long Intents, string SessionId, JsonObject? Properties, DateTimeOffset At);

/// <summary>An IDENTIFY refused with op 9 because its concurrency bucket or the session budget was exhausted.</summary>
public sealed record IdentifyRejectionRecord(long ConnectionId, int ShardId, string Reason, DateTimeOffset At);

/// <summary>A RESUME, successful or not, and the URL it arrived on.</summary>
public sealed record ResumeRecord(long ConnectionId, int? ShardId, string SessionId, long Seq, GatewayEndpointKind Endpoint, string PathAndQuery, bool Succeeded, int Replayed, DateTimeOffset At);

/// <summary>A heartbeat (op 1) from the client, with the seq it carried (null when d was null).</summary>
public sealed record HeartbeatRecord(long ConnectionId, int? ShardId, long? Seq, bool Acknowledged, DateTimeOffset At);

/// <summary>How a connection ended.</summary>
/// <param name="ClientCloseCode">The code of the client's close frame; null when it dropped without one.</param>
/// <param name="ServerCloseCode">The code the emulator closed with, if it closed first.</param>
public sealed record GatewayCloseRecord(long ConnectionId, int? ShardId, int? ClientCloseCode, int? ServerCloseCode, string? Reason, DateTimeOffset At);

/// <summary>A shard session that became ready (READY after IDENTIFY, or RESUMED).</summary>
public sealed record ShardReadyRecord(long ConnectionId, int ShardId, string SessionId, bool Resumed, DateTimeOffset At);

/// <summary>A REST request and its outcome.</summary>
public sealed record RestRequestRecord(
    string Method,
    string Path,
    string? Route,
    int Status,
    bool HadAuthorization,
    string? UserAgent,
    string? ContentType,
    string? AuditLogReason,
    DateTimeOffset At);

/// <summary>A message created through <c>POST /channels/{id}/messages</c>.</summary>
public sealed record ChannelMessageRecord(ulong ChannelId, ulong MessageId, string? Content, JsonObject Body, DateTimeOffset At);

/// <summary>A bulk overwrite of commands; <paramref name="GuildId"/> is null for global commands.</summary>
public sealed record CommandRegistrationRecord(ulong? GuildId, JsonArray Commands, DateTimeOffset At);
