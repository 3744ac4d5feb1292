namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>Gateway opcodes (docs/topics/Opcodes_and_Status_Codes.md, "Gateway Opcodes").</summary>
public static class GatewayOpcodes
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
    public const int RequestSoundboardSounds = 31;

    /// <summary>Opcodes a client may send once identified.</summary>
    public static bool IsClientCommand(int op) =>
        op is Heartbeat or Identify or PresenceUpdate or VoiceStateUpdate or Resume or RequestGuildMembers or RequestSoundboardSounds;
}

/// <summary>Gateway close codes (docs/topics/Opcodes_and_Status_Codes.md, "Gateway Close Event Codes").</summary>
public static class GatewayCloseCodes
{
    public const int NormalClosure = 1000;
    public const int GoingAway = 1001;
    public const int UnknownError = 4000;
    public const int UnknownOpcode = 4001;
    public const int DecodeError = 4002;
    public const int NotAuthenticated = 4003;
    public const int AuthenticationFailed = 4004;
    public const int AlreadyAuthenticated = 4005;
    public const int InvalidSeq = 4007;
    public const int RateLimited = 4008;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>Whether a close with this code leaves the session resumable (1000/1001 from a client end it).</summary>
    public static bool KeepsSessionResumable(int code) =>
        code is not (NormalClosure or GoingAway or AuthenticationFailed or InvalidSeq or SessionTimedOut
            or InvalidShard or ShardingRequired or InvalidApiVersion or InvalidIntents or DisallowedIntents);
}
