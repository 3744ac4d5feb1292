using System.Threading.Channels;
using Asphalt.Grains.Audio;
using Asphalt.Grains.Interfaces.Audio;
using Asphalt.Grains.Ports;
using Microsoft.Extensions.Options;

namespace Asphalt.Silo.Audio.Lavalink;

/// <summary>
/// The silo's Lavalink client: one REST client and one WebSocket per configured node, started when
/// the silo becomes active and stopped with it. Implements the grains' <see cref="IAudioNodeClient"/>
/// port, and forwards what the sockets say to the grains: player messages to the guild's
/// <see cref="IAudioPlayerGrain"/> (in order per guild), sessions and stats to the node directory.
/// </summary>
public sealed class LavalinkNodes : IAudioNodeClient, ILavalinkListener, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    /// <summary>Player messages are delivered by this many ordered lanes (a guild always uses the same one).</summary>
    private const int Lanes = 16;

    /// <summary>A lane buffers at most this many messages; when full the oldest is dropped, so a stuck grain cannot grow memory without bound (that can lose an event: see docs/audio.md).</summary>
    private const int LaneCapacity = 10_000;

    private readonly AudioOptions _options;
    private readonly IGrainFactory _grains;
    private readonly ILogger<LavalinkNodes> _logger;
    private readonly Dictionary<string, LavalinkRestClient> _rest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LavalinkConnection> _connections = new(StringComparer.Ordinal);
    private readonly Channel<Func<Task>>[] _lanes;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly string _owner;

    public LavalinkNodes(IOptions<AudioOptions> options, IGrainFactory grains, ILocalSiloDetails silo, ILogger<LavalinkNodes> logger)
    {
        _options = options.Value;
        _grains = grains;
        _logger = logger;
        _owner = _options.SessionOwner is { Length: > 0 } owner ? owner : $"{Environment.MachineName}:{silo.SiloAddress.Endpoint.Port}";
        foreach (var node in _options.Nodes)
        {
            var rest = new LavalinkRestClient(node);
            _rest[node.Name] = rest;
            _connections[node.Name] = new LavalinkConnection(node, _options, rest, this, logger);
        }
        _lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<Func<Task>>(new BoundedChannelOptions(LaneCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }))
            .ToArray();
    }

    /// <summary>This silo's name for its node sessions.</summary>
    public string Owner => _owner;

    public IReadOnlyCollection<LavalinkConnection> Connections => _connections.Values;

    public LavalinkRestClient Rest(string node) =>
        _rest.TryGetValue(node, out var rest) ? rest : throw new AudioNodeException(node, null, "no such node is configured");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LavalinkNodes), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes) _running.Add(Task.Run(() => DrainAsync(lane.Reader)));
        foreach (var connection in _connections.Values) _running.Add(Task.Run(() => connection.RunAsync(_stopping.Token)));
        if (_connections.Count > 0) _logger.LogInformation("Lavalink client started for {Count} node(s) as {Owner}", _connections.Count, _owner);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    // ───────────── IAudioNodeClient (the grains' port) ─────────────

    public async Task<TrackLoadResult> LoadTracksAsync(string node, string identifier, CancellationToken cancellationToken = default) =>
        (await Rest(node).LoadTracksAsync(identifier, cancellationToken)).ToLoadResult(node);

    public Task UpdatePlayerAsync(NodeAssignment session, long guildId, PlayerPatch patch, CancellationToken cancellationToken = default) =>
        Rest(session.Node).UpdatePlayerAsync(session.SessionId, guildId, patch.ToRequestBody(), cancellationToken: cancellationToken);

    public Task DestroyPlayerAsync(NodeAssignment session, long guildId, CancellationToken cancellationToken = default) =>
        Rest(session.Node).DestroyPlayerAsync(session.SessionId, guildId, cancellationToken);

    // ───────────── ILavalinkListener (socket → grains) ─────────────

    private IAudioNodeDirectoryGrain Directory => _grains.GetGrain<IAudioNodeDirectoryGrain>(0);

    public Task<string?> GetResumableSessionAsync(string node, CancellationToken cancellationToken) =>
        Directory.GetResumableSessionAsync(node, _owner).WaitAsync(cancellationToken);

    public Task OnReadyAsync(string node, string sessionId, bool resumed) => Directory.ReportSessionReadyAsync(node, _owner, sessionId, resumed);

    public Task OnClosedAsync(string node, string sessionId) => Directory.ReportSessionClosedAsync(node, _owner, sessionId);

    public Task OnStatsAsync(string node, string sessionId, NodeStats stats) => Directory.ReportStatsAsync(node, sessionId, stats);

    public ValueTask OnPlayerUpdateAsync(long guildId, NodePlayerState state) =>
        Enqueue(guildId, () => _grains.GetGrain<IAudioPlayerGrain>(guildId).OnNodePlayerStateAsync(state));

    public ValueTask OnPlayerEventAsync(long guildId, NodePlayerEvent playerEvent) =>
        Enqueue(guildId, () => _grains.GetGrain<IAudioPlayerGrain>(guildId).OnNodeEventAsync(playerEvent));

    private ValueTask Enqueue(long guildId, Func<Task> delivery)
    {
        var lane = _lanes[(int)((ulong)guildId % Lanes)];
        return lane.Writer.TryWrite(delivery) ? ValueTask.CompletedTask : lane.Writer.WriteAsync(delivery, _stopping.Token);
    }

    private async Task DrainAsync(ChannelReader<Func<Task>> lane)
    {
        await foreach (var delivery in lane.ReadAllAsync())
        {
            try
            {
                await delivery();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Delivering a Lavalink message to a player grain failed");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync();
        foreach (var rest in _rest.Values) rest.Dispose();
        _stopping.Dispose();
    }
}
