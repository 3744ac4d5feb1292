using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Discord.Gateway;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Asphalt.Gateway.Health;

/// <summary>Unhealthy when the gateway could not start or a shard stopped fatally (bad token, disallowed intents, identify budget …).</summary>
public sealed class DiscordShardsHealthCheck(IDiscordGateway gateway) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var fatal = gateway.FatalReasons;
        if (fatal.Count > 0) return Task.FromResult(HealthCheckResult.Unhealthy(string.Join(" | ", fatal)));
        var shards = gateway.Shards;
        var ready = shards.Count(s => s.State == ShardState.Ready);
        var summary = $"{ready}/{shards.Count} shards ready of {gateway.ShardCount}";
        return Task.FromResult(ready == shards.Count && shards.Count > 0 ? HealthCheckResult.Healthy(summary) : HealthCheckResult.Degraded(summary));
    }
}

/// <summary>Unhealthy when the Orleans client cannot reach the cluster (asks the management grain, cached briefly).</summary>
public sealed class OrleansClientHealthCheck(IClusterInfo cluster, TimeProvider time) : IHealthCheck
{
    /// <summary>Bound of one probe; a connected client answers in milliseconds.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Scrapes and probes come often; one cluster call per this period is plenty.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < CacheFor) return last.Result;
        HealthCheckResult result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            var members = await cluster.GetActiveMembersAsync(timeout.Token);
            result = members.Count > 0 ? HealthCheckResult.Healthy($"{members.Count} active silos") : HealthCheckResult.Unhealthy("the cluster has no active silo");
        }
        catch (Exception e)
        {
            result = HealthCheckResult.Unhealthy($"Orleans client not connected: {e.GetType().Name}: {e.Message}");
        }
        _last = (time.GetUtcNow(), result);
        return result;
    }
}
