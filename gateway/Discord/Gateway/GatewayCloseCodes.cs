namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>What a close code means for the shard (Opcodes_and_Status_Codes.md "Gateway Close Event Codes").</summary>
public enum CloseAction
{
    /// <summary>Reconnect and RESUME the session.</summary>
    Resume,
    /// <summary>Reconnect with a new session (IDENTIFY).</summary>
    Reidentify,
    /// <summary>Stop the shard: reconnecting cannot succeed until an operator fixes something.</summary>
    Fatal,
}

public static class GatewayCloseCodes
{
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

    /// <summary>Ours, on shutdown: "service restart" keeps the session resumable (1000/1001 would end it).</summary>
    public const int ClientRestarting = 1012;

    /// <summary>Ours (3000–3999 is free for applications): no HEARTBEAT_ACK between two heartbeats.</summary>
    public const int ClientZombie = 3000;

    /// <summary>Ours: Discord asked for a reconnect (op 7) or an invalid session (op 9) was resumable.</summary>
    public const int ClientReconnecting = 3001;

    /// <summary>Ours: op 9 with d:false; the session is gone anyway.</summary>
    public const int ClientNewSession = 3002;

    public static CloseAction Classify(int? code) => code switch
    {
        AuthenticationFailed or InvalidShard or ShardingRequired or InvalidApiVersion or InvalidIntents or DisallowedIntents => CloseAction.Fatal,
        InvalidSeq or SessionTimedOut => CloseAction.Reidentify,
        _ => CloseAction.Resume,
    };

    /// <summary>For a fatal code: what the operator has to fix, in one sentence.</summary>
    public static string Explain(int code) => code switch
    {
        AuthenticationFailed => "Discord rejected the bot token (4004 Authentication failed): set a valid token via Discord__Token, Discord__TokenFile or Discord__TokenUrl (reset it in the Developer Portal if it leaked).",
        InvalidShard => "Discord rejected the shard (4010 Invalid shard): check Discord:ShardCount and Discord:ShardIds (ids must be below the count).",
        ShardingRequired => "Discord requires more shards (4011 Sharding required): raise Discord:ShardCount or leave it unset to use Discord's recommendation.",
        InvalidApiVersion => "Discord rejected the gateway version (4012 Invalid API version): this build speaks v10; upgrade the gateway.",
        InvalidIntents => "Discord rejected the intents (4013 Invalid intent(s)): fix Discord:Intents (an unknown bit is set).",
        DisallowedIntents => "Discord refused privileged intents (4014 Disallowed intent(s)): enable them in the Developer Portal (Bot → Privileged Gateway Intents) or remove GuildMembers/GuildPresences/MessageContent from Discord:Intents.",
        _ => $"Discord closed the connection with {code}.",
    };
}
