using System.Diagnostics.Metrics;
using Orleans.Runtime;

namespace Asphalt.Silo.Telemetry;

/// <summary>
/// The silo's own instruments (meter <c>Asphalt.Silo</c>, exported through the <c>Asphalt.*</c>
/// wildcard; docs/metrics.md lists them with their Prometheus names). Orleans' own meter covers
/// activations, requests and storage; this adds what an SRE alerts on: the membership view.
/// </summary>
public sealed class SiloMetrics : IDisposable
{
    public const string MeterName = "Asphalt.Silo";

    private readonly Meter _meter;

    public SiloMetrics(IMeterFactory meterFactory, IClusterMembershipService membership)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("asphalt.silo.cluster.members", () => ObserveMembers(membership), "{silo}",
            "Silos in this silo's membership view, by status (active, joining, shutting_down, dead …).");
    }

    private static IEnumerable<Measurement<long>> ObserveMembers(IClusterMembershipService membership)
    {
        var counts = membership.CurrentSnapshot.Members.Values
            .GroupBy(m => m.Status)
            .ToDictionary(g => g.Key, g => g.LongCount());
        // Active is always reported, so "no active silo" reads as 0 rather than as a missing series.
        counts.TryAdd(SiloStatus.Active, 0);
        return counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("status", StatusLabel(c.Key))));
    }

    private static string StatusLabel(SiloStatus status) => status switch
    {
        SiloStatus.ShuttingDown => "shutting_down",
        _ => status.ToString().ToLowerInvariant(),
    };

    public void Dispose() => _meter.Dispose();
}
