using Asphalt.Grains.Interfaces.Audio;
using Orleans.Concurrency;
using Microsoft.Extensions.Logging;

namespace Asphalt.Grains.Audio;

/// <summary>
/// See <see cref="IVoiceGatewayRegistryGrain"/>. In memory only: gateways renew their registration
/// well within its lifetime, so a restarted registry is complete again after one renewal period.
/// Reentrant: a slow gateway must not hold up requests for other shards.
/// </summary>
[Reentrant]
public sealed class VoiceGatewayRegistryGrain(ILogger<VoiceGatewayRegistryGrain> logger) : Grain, IVoiceGatewayRegistryGrain
{
    // Registrations expire on the wall clock, like the gateways' renewal timers (not on the audio clock tests drive).
    private readonly TimeProvider _time = TimeProvider.System;

    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(IVoiceGatewayRegistryGrain.RegistrationLifetimeSeconds);

    private readonly List<Registration> _registrations = [];

    public Task RegisterAsync(IVoiceGatewayObserver gateway, int firstShard, int lastShard, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (shardCount < 1 || firstShard < 0 || lastShard < firstShard || lastShard >= shardCount)
            throw new ArgumentException($"Shards {firstShard}..{lastShard} of {shardCount} is not a valid range.");
        _registrations.RemoveAll(r => r.Gateway.Equals(gateway));
        _registrations.Add(new Registration(gateway, firstShard, lastShard, shardCount, _time.GetUtcNow() + Lifetime));
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(IVoiceGatewayObserver gateway)
    {
        _registrations.RemoveAll(r => r.Gateway.Equals(gateway));
        return Task.CompletedTask;
    }

    public async Task<bool> RequestVoiceStateAsync(long guildId, long? channelId, bool selfDeaf)
    {
        var now = _time.GetUtcNow();
        _registrations.RemoveAll(r => r.ExpiresAt <= now);
        // Newest registration first: after a re-balance the new holder of a shard registered last.
        foreach (var registration in _registrations.Where(r => r.Holds(guildId)).OrderByDescending(r => r.ExpiresAt).ToList())
        {
            try
            {
                await registration.Gateway.RequestVoiceStateAsync(guildId, channelId, selfDeaf);
                return true;
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                logger.LogWarning("Voice gateway for shards {First}..{Last} did not take op 4 for guild {GuildId}: {Error}",
                    registration.FirstShard, registration.LastShard, guildId, e.Message);
                _registrations.Remove(registration);
            }
        }
        return false;
    }

    private sealed record Registration(IVoiceGatewayObserver Gateway, int FirstShard, int LastShard, int ShardCount, DateTimeOffset ExpiresAt)
    {
        /// <summary>Discord's shard formula: (guild_id >> 22) % shard_count.</summary>
        public bool Holds(long guildId)
        {
            var shard = (int)((guildId >> 22) % ShardCount);
            return shard >= FirstShard && shard <= LastShard;
        }
    }
}
