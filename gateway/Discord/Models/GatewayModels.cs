using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asphalt.Gateway.Discord.Models;

/// <summary>Gateway opcodes (Opcodes_and_Status_Codes.md "Gateway Opcodes").</summary>
public static class GatewayOpcode
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int PresenceUpdate = 3;
    public const int VoiceStateUpdate = 4;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int RequestGuildMembers = 8;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>What a client sends: <c>{"op": n, "d": ...}</c>. <c>d</c> is written even when null (heartbeat before any event).</summary>
public sealed record OutboundPayload<T>(
    int Op,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] T D);

public sealed record HelloData(double HeartbeatInterval);

public sealed record IdentifyData(
    string Token,
    int Intents,
    int[] Shard,
    IdentifyProperties Properties,
    int LargeThreshold,
    bool Compress = false);

public sealed record IdentifyProperties(string Os, string Browser, string Device);

public sealed record ResumeData(string Token, string SessionId, long? Seq = null);

/// <summary>Op 4. <c>channel_id</c> null leaves the channel, so it is always written.</summary>
public sealed record VoiceStateUpdateData(
    string GuildId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ChannelId,
    bool SelfMute,
    bool SelfDeaf);

public sealed record ReadyData(
    DiscordUser User,
    string SessionId,
    string ResumeGatewayUrl,
    int[]? Shard = null,
    PartialApplication? Application = null);

public sealed record PartialApplication(string Id);

public sealed record DiscordUser(string Id, string? Username = null, bool? Bot = null);

public sealed record GatewayBotResponse(string Url, int Shards, SessionStartLimit SessionStartLimit);

/// <summary><c>reset_after</c> is in milliseconds.</summary>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);

/// <summary>GUILD_CREATE / GUILD_UPDATE; <c>voice_states</c> (without guild_id) and <c>members</c> come only with GUILD_CREATE.</summary>
public sealed record GuildCreateData(string Id, string? Name = null, int? MemberCount = null, string? PreferredLocale = null, bool? Unavailable = null,
    IReadOnlyList<VoiceStateData>? VoiceStates = null, IReadOnlyList<GuildMember>? Members = null);

public sealed record GuildDeleteData(string Id, bool? Unavailable = null);

public sealed record VoiceStateData(string UserId, string SessionId, string? GuildId = null, string? ChannelId = null, GuildMember? Member = null);

/// <summary><c>endpoint</c> is null while Discord allocates a voice server.</summary>
public sealed record VoiceServerUpdateData(string Token, string GuildId, string? Endpoint = null);

/// <summary>A dispatch as the router sees it: the event name, its payload and when it arrived.</summary>
/// <param name="ReceivedAt">TimeProvider timestamp (GetTimestamp) at which the frame was read.</param>
public sealed record GatewayDispatch(int ShardId, string Type, long Sequence, JsonElement Data, long ReceivedAt);
