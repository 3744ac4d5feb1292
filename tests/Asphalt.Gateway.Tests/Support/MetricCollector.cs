using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Asphalt.Gateway.Telemetry;

namespace Asphalt.Gateway.Tests.Support;

/// <summary>Sums what one <see cref="GatewayMetrics"/> instance records, by instrument and tags.</summary>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricCollector(GatewayMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == metrics.Meter) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _measurements.Enqueue((i.Name, v, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _measurements.Enqueue((i.Name, v, tags.ToArray())));
        _listener.Start();
    }

    public double Sum(string instrument, string? tag = null, object? value = null) =>
        _measurements.Where(m => m.Name == instrument && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value?.ToString(), value?.ToString()))))
            .Sum(m => m.Value);

    public int Count(string instrument) => _measurements.Count(m => m.Name == instrument);

    public void Dispose() => _listener.Dispose();
}
