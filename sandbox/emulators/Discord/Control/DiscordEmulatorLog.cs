namespace Asphalt.Emulators.Discord.Control;

/// <summary>Everything the emulator saw, for assertions. Every log is thread-safe and awaitable.</summary>
public sealed class DiscordEmulatorLog
{
    public ObservableLog<GatewayConnectionRecord> Connections { get; } = new();

    public ObservableLog<IdentifyRecord> Identifies { get; } = new();

    public ObservableLog<IdentifyRejectionRecord> IdentifyRejections { get; } = new();

    public ObservableLog<ResumeRecord> Resumes { get; } = new();

    public ObservableLog<HeartbeatRecord> Heartbeats { get; } = new();

    public ObservableLog<GatewayCloseRecord> Closes { get; } = new();

    public ObservableLog<ShardReadyRecord> ShardReady { get; } = new();

    /// <summary>Client payloads other than heartbeat, identify and resume (presence, voice state, member requests).</summary>
    public ObservableLog<ClientPayloadRecord> ClientPayloads { get; } = new();

    public ObservableLog<RestRequestRecord> RestRequests { get; } = new();

    public ObservableLog<ChannelMessageRecord> ChannelMessages { get; } = new();

    public ObservableLog<CommandRegistrationRecord> CommandRegistrations { get; } = new();
}

/// <summary>A gateway command from the client, e.g. op 4 VOICE_STATE_UPDATE.</summary>
public sealed record ClientPayloadRecord(long ConnectionId, int? ShardId, int Op, System.Text.Json.Nodes.JsonNode? Data, DateTimeOffset At);
