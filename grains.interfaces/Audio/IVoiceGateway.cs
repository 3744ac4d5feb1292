namespace Asphalt.Grains.Interfaces.Audio;

/// <summary>
/// A gateway instance, as the audio grains see it: it holds some shards and can send gateway op 4
/// (Update Voice State) on the shard of a guild. Gateways register it with <see cref="IVoiceGatewayRegistryGrain"/>.
/// </summary>
[Alias("asphalt.audio.voice-gateway")]
public interface IVoiceGatewayObserver : IGrainObserver
{
    /// <summary>Sends op 4 <c>{guild_id, channel_id (null = leave), self_mute: false, self_deaf}</c> on the guild's shard.</summary>
    [Alias("request-voice-state")]
    Task RequestVoiceStateAsync(long guildId, long? channelId, bool selfDeaf);
}

/// <summary>
/// Which gateway holds which shards (a singleton: key 0). Observers expire: a gateway registers again
/// at least every <see cref="RegistrationLifetimeSeconds"/>/2 seconds.
/// </summary>
[Alias("asphalt.audio.voice-gateways")]
public interface IVoiceGatewayRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>How long a registration lasts without being renewed.</summary>
    public const int RegistrationLifetimeSeconds = 120;

    /// <summary>Registers (or renews) the observer for shards [<paramref name="firstShard"/>, <paramref name="lastShard"/>] of <paramref name="shardCount"/>.</summary>
    [Alias("register")]
    Task RegisterAsync(IVoiceGatewayObserver gateway, int firstShard, int lastShard, int shardCount);

    [Alias("unregister")]
    Task UnregisterAsync(IVoiceGatewayObserver gateway);

    /// <summary>Asks the gateway holding the guild's shard to send op 4; false when no live gateway holds it.</summary>
    [Alias("request-voice-state")]
    Task<bool> RequestVoiceStateAsync(long guildId, long? channelId, bool selfDeaf);
}
