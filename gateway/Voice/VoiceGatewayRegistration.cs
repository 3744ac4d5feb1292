using Asphalt.Grains.Interfaces.Audio;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Voice;

/// <summary>
/// Registers one <see cref="VoiceGatewayObserver"/> per shard of this instance with
/// <see cref="IVoiceGatewayRegistryGrain"/> once the shards are known, renews the registrations well inside
/// their lifetime, and unregisters them on shutdown (before the Orleans client stops: it was registered first,
/// so it stops last).
/// </summary>
public sealed class VoiceGatewayRegistration(IGrainFactory grains, IVoiceStateSender sender, TimeProvider time, ILogger<VoiceGatewayRegistration> logger)
    : BackgroundService
{
    /// <summary>A quarter of the registration lifetime (120 s): the contract asks for at least every 60 s; one renewal may fail without a gap.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(IVoiceGatewayRegistryGrain.RegistrationLifetimeSeconds / 4.0);

    /// <summary>How soon to try again after a failed registration, or while the shards are not known yet.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan UnregisterTimeout = TimeSpan.FromSeconds(5);

    // Orleans keeps only weak references to observers: these keep them alive.
    private readonly Dictionary<int, (VoiceGatewayObserver Observer, IVoiceGatewayObserver Reference)> _observers = [];
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes after the first successful registration of every shard (tests wait for it).</summary>
    public Task Registered => _registered.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var registry = grains.GetGrain<IVoiceGatewayRegistryGrain>(0);
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = RetryInterval;
            var shards = sender.ShardIds;
            var count = sender.ShardCount;
            if (shards.Count > 0 && count > 0)
            {
                try
                {
                    foreach (var shard in shards)
                        await registry.RegisterAsync(Observer(shard), shard, shard, count).WaitAsync(stoppingToken);
                    if (_registered.TrySetResult())
                        logger.LogInformation("Registered as the voice gateway of shards {Shards} of {Count}", string.Join(',', shards), count);
                    next = RenewInterval;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Could not register as the voice gateway (retrying in {Delay}): {Error}", RetryInterval, e.Message);
                }
            }
            try
            {
                await Task.Delay(next, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var registry = grains.GetGrain<IVoiceGatewayRegistryGrain>(0);
        foreach (var (shard, (_, reference)) in _observers)
        {
            try
            {
                await registry.UnregisterAsync(reference).WaitAsync(UnregisterTimeout, cancellationToken);
                grains.DeleteObjectReference<IVoiceGatewayObserver>(reference);
            }
            catch (Exception e)
            {
                logger.LogInformation("Could not unregister the voice gateway of shard {Shard} (it expires by itself): {Error}", shard, e.Message);
            }
        }
        _observers.Clear();
    }

    private IVoiceGatewayObserver Observer(int shard)
    {
        if (_observers.TryGetValue(shard, out var known)) return known.Reference;
        var observer = new VoiceGatewayObserver(shard, sender, logger);
        var reference = grains.CreateObjectReference<IVoiceGatewayObserver>(observer);
        _observers[shard] = (observer, reference);
        return reference;
    }
}
