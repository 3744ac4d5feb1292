using System.Diagnostics.Metrics;
using Asphalt.Grains.Audio;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Silo.Audio;

/// <summary>
/// The audio instruments, all named here (meter <c>Asphalt.Audio</c>; docs/metrics.md lists their
/// Prometheus names). Node gauges come from the node directory, refreshed in the background so that
/// a scrape never waits on a grain call.
/// </summary>
public sealed class AudioMetrics : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public const string MeterName = "Asphalt.Audio";

    /// <summary>How often the node view is refreshed (Prometheus scrapes every 15 s by default).</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly Meter _meter;
    private readonly IGrainFactory _grains;
    private readonly ILogger<AudioMetrics> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private volatile NodeStatus[] _nodes = [];

    public AudioMetrics(IMeterFactory meterFactory, IGrainFactory grains, ILogger<AudioMetrics> logger)
    {
        _grains = grains;
        _logger = logger;
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("asphalt.audio.node.players", () => PerNode(n => n.AssignedPlayers), "{player}",
            "Players this cluster placed on each Lavalink node.");
        _meter.CreateObservableGauge("asphalt.audio.node.playing", () => PerNode(n => n.Stats?.PlayingPlayers ?? 0), "{player}",
            "Playing players the node reports (all its clients).");
        _meter.CreateObservableGauge("asphalt.audio.node.penalty", () => PerNode(n => n.Available ? n.Penalty : -1), null,
            "Lavalink congestion penalty of each node (docs/audio.md); -1 while the node is down.");
        _meter.CreateObservableGauge("asphalt.audio.node.up", () => PerNode(n => n.Available ? 1 : 0), null,
            "1 when the node is available for new players, 0 when it is down.");
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AudioMetrics), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(RefreshAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        do
        {
            try
            {
                _nodes = await _grains.GetGrain<IAudioNodeDirectoryGrain>(0).GetNodesAsync();
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                _logger.LogDebug("Audio node metrics not refreshed: {Error}", e.Message);
            }
        } while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try { return await timer.WaitForNextTickAsync(_stopping.Token); }
        catch (OperationCanceledException) { return false; }
    }

    private IEnumerable<Measurement<double>> PerNode(Func<NodeStatus, double> value) =>
        _nodes.Select(n => new Measurement<double>(value(n), new KeyValuePair<string, object?>("node", n.Name), new KeyValuePair<string, object?>("region", n.Region)));

    public void Dispose()
    {
        _stopping.Cancel();
        _meter.Dispose();
    }
}
