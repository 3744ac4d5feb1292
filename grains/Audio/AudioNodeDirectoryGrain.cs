using Microsoft.Extensions.DependencyInjection;
using Asphalt.Grains.Interfaces.Audio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Grains.Audio;

/// <summary>
/// See <see cref="IAudioNodeDirectoryGrain"/>. Persisted: the node sessions of each silo (to resume
/// them), the guild → node session placements (to move them on failover) and the learned voice pings.
/// Liveness (open sockets, stats) is transient: silos report it again after the directory moves.
/// </summary>
public sealed class AudioNodeDirectoryGrain(
    [PersistentState("audio-nodes", StorageNames.Default)] IPersistentState<AudioNodeDirectoryState> state,
    IOptions<AudioOptions> options,
    [FromKeyedServices(AudioOptions.ClockKey)] TimeProvider time,
    ILogger<AudioNodeDirectoryGrain> logger) : Grain, IAudioNodeDirectoryGrain
{
    /// <summary>Weight of a new ping sample in the moving average: recent calls matter, one spike does not decide.</summary>
    private const double PingSmoothing = 0.2;

    private readonly AudioOptions _options = options.Value;
    private readonly Dictionary<string, NodeLiveness> _nodes = [];
    private readonly Dictionary<string, SessionLiveness> _sessions = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var node in _options.Nodes) _nodes[node.Name] = new NodeLiveness(node.Region) { KnownSince = now };
        // Sessions from before this activation are presumed open until their silo says otherwise or stats stop.
        foreach (var (key, sessionId) in state.State.Sessions)
        {
            var (node, owner) = SplitKey(key);
            if (_nodes.ContainsKey(node)) _sessions[sessionId] = new SessionLiveness(node, owner) { Open = true };
        }
        this.RegisterGrainTimer(_ => CheckNodesAsync(), new GrainTimerCreationOptions(_options.HealthCheckInterval, _options.HealthCheckInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<NodeAssignment?> PlaceAsync(long guildId, string? voiceRegion)
    {
        var choice = Choose(voiceRegion, except: null);
        if (choice is null)
        {
            logger.LogWarning("No Lavalink node available for guild {GuildId} (voice region {Region})", guildId, voiceRegion ?? "unknown");
            return null;
        }
        var current = state.State.Players.GetValueOrDefault(guildId);
        if (current is not null && current.Node == choice.Node && current.SessionId == choice.SessionId && current.Region == voiceRegion)
            return choice;
        state.State.Players[guildId] = new PlayerPlacement(choice.Node, choice.SessionId, voiceRegion);
        await state.WriteStateAsync();
        return choice;
    }

    public async Task ReleaseAsync(long guildId)
    {
        if (state.State.Players.Remove(guildId)) await state.WriteStateAsync();
    }

    public Task<string?> GetResumableSessionAsync(string node, string owner) =>
        Task.FromResult(state.State.Sessions.GetValueOrDefault(Key(node, owner)));

    public async Task ReportSessionReadyAsync(string node, string owner, string sessionId, bool resumed)
    {
        if (!_nodes.TryGetValue(node, out var liveness))
        {
            logger.LogWarning("Ignored a session of unconfigured node {Node}", node);
            return;
        }
        var key = Key(node, owner);
        var previous = state.State.Sessions.GetValueOrDefault(key);
        _sessions[sessionId] = new SessionLiveness(node, owner) { Open = true };
        liveness.KnownSince = time.GetUtcNow(); // the stats clock starts again with the connection
        state.State.Sessions[key] = sessionId;
        await state.WriteStateAsync();
        logger.LogInformation("Lavalink node {Node} session {SessionId} of {Owner} is ready (resumed: {Resumed})", node, sessionId, owner, resumed);

        if (previous is not null && previous != sessionId)
        {
            // The old session was not resumed: Lavalink has dropped (or will drop) its players.
            _sessions.Remove(previous);
            await MovePlayersAsync(p => p.SessionId == previous, node, oldNodeAlive: false, reason: "its session was not resumed");
        }
    }

    public Task ReportSessionClosedAsync(string node, string owner, string sessionId)
    {
        if (_sessions.TryGetValue(sessionId, out var session) && session.Open)
        {
            session.Open = false;
            session.ClosedAt = time.GetUtcNow();
            logger.LogWarning("Lavalink node {Node} session {SessionId} of {Owner} closed; it has {Grace} to resume", node, sessionId, owner, _options.ResumeGrace);
        }
        return Task.CompletedTask;
    }

    public Task ReportStatsAsync(string node, string sessionId, NodeStats stats)
    {
        if (!_nodes.TryGetValue(node, out var liveness)) return Task.CompletedTask;
        liveness.Stats = stats;
        liveness.StatsAt = time.GetUtcNow();
        if (_sessions.TryGetValue(sessionId, out var session) && !session.Open && session.ClosedAt is null)
            session.Open = true;
        return Task.CompletedTask;
    }

    public Task ReportVoicePingAsync(string node, string voiceRegion, int pingMs)
    {
        if (pingMs < 0 || !_nodes.ContainsKey(node)) return Task.CompletedTask;
        var key = Key(node, voiceRegion);
        state.State.Pings[key] = state.State.Pings.TryGetValue(key, out var average)
            ? average + PingSmoothing * (pingMs - average)
            : pingMs;
        // Pings are a hint: they are written with the next placement rather than on every sample.
        return Task.CompletedTask;
    }

    public Task<double?> GetLearnedPingAsync(string node, string voiceRegion) =>
        Task.FromResult(state.State.Pings.TryGetValue(Key(node, voiceRegion), out var ping) ? ping : (double?)null);

    public Task<NodeStatus[]> GetNodesAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_options.Nodes.Select(n =>
        {
            var live = _nodes[n.Name];
            var available = IsAvailable(n.Name, now);
            return new NodeStatus(n.Name, n.Region, available, NodePenalty.Of(live.Stats, available),
                state.State.Players.Values.Count(p => p.Node == n.Name), live.Stats, live.StatsAt,
                _sessions.Values.Count(s => s.Node == n.Name && s.Open));
        }).ToArray());
    }

    public async Task CheckNodesAsync()
    {
        var now = time.GetUtcNow();
        foreach (var (sessionId, session) in _sessions.ToList())
        {
            if (session.Open || session.ClosedAt is not { } closedAt || now - closedAt < _options.ResumeGrace) continue;
            _sessions.Remove(sessionId);
            if (state.State.Sessions.GetValueOrDefault(Key(session.Node, session.Owner)) == sessionId)
                state.State.Sessions.Remove(Key(session.Node, session.Owner));
            await MovePlayersAsync(p => p.SessionId == sessionId, session.Node, IsAvailable(session.Node, now),
                $"session {sessionId} did not resume within {_options.ResumeGrace}");
        }

        foreach (var node in _options.Nodes)
        {
            if (IsAvailable(node.Name, now)) continue;
            await MovePlayersAsync(p => p.Node == node.Name, node.Name, oldNodeAlive: false, reason: "the node is down");
        }
    }

    private async Task MovePlayersAsync(Func<PlayerPlacement, bool> affected, string node, bool oldNodeAlive, string reason)
    {
        var moving = state.State.Players.Where(p => affected(p.Value)).ToList();
        if (moving.Count == 0) return;
        var moved = 0;
        foreach (var (guildId, placement) in moving)
        {
            var target = Choose(placement.Region, except: oldNodeAlive ? null : node, exceptSession: placement.SessionId);
            if (target is null) continue; // nowhere to go now: the next check tries again
            state.State.Players[guildId] = placement with { Node = target.Node, SessionId = target.SessionId };
            // Not awaited: the player may be calling this grain right now (both are non-reentrant).
            GrainFactory.GetGrain<IAudioPlayerGrain>(guildId).MoveToNodeAsync(target, oldNodeAlive).Ignore();
            moved++;
        }
        await state.WriteStateAsync();
        logger.LogWarning("Moved {Moved} of {Count} players off Lavalink node {Node}: {Reason}", moved, moving.Count, node, reason);
    }

    private NodeAssignment? Choose(string? voiceRegion, string? except, string? exceptSession = null)
    {
        var now = time.GetUtcNow();
        var candidates = _options.Nodes
            .Where(n => n.Name != except)
            .Select(n =>
            {
                var available = IsAvailable(n.Name, now) && OpenSession(n.Name, exceptSession) is not null;
                return new PlacementCandidate(n.Name, n.Region, NodePenalty.Of(_nodes[n.Name].Stats, available), available);
            })
            .ToList();
        var chosen = NodePlacement.Choose(candidates, voiceRegion,
            (node, region) => state.State.Pings.TryGetValue(Key(node, region), out var ping) ? ping : null, _options);
        return chosen is null ? null : new NodeAssignment(chosen, OpenSession(chosen, exceptSession)!);
    }

    private string? OpenSession(string node, string? except) => _sessions
        .Where(s => s.Value.Node == node && s.Value.Open && s.Key != except)
        .OrderBy(s => s.Value.Owner, StringComparer.Ordinal)
        .Select(s => s.Key)
        .FirstOrDefault();

    /// <summary>Available = an open session, and stats within <see cref="AudioOptions.StatsTimeout"/> (counted from connecting while none came yet).</summary>
    private bool IsAvailable(string node, DateTimeOffset now)
    {
        var live = _nodes[node];
        if (!_sessions.Values.Any(s => s.Node == node && s.Open)) return false;
        var lastSign = live.StatsAt is { } at && at > live.KnownSince ? at : live.KnownSince;
        return now - lastSign < _options.StatsTimeout;
    }

    private static string Key(string a, string b) => a + "|" + b;

    private static (string, string) SplitKey(string key)
    {
        var bar = key.IndexOf('|');
        return (key[..bar], key[(bar + 1)..]);
    }

    private sealed class NodeLiveness(string region)
    {
        public string Region { get; } = region;
        public NodeStats? Stats { get; set; }
        public DateTimeOffset? StatsAt { get; set; }
        public DateTimeOffset KnownSince { get; set; }
    }

    private sealed class SessionLiveness(string node, string owner)
    {
        public string Node { get; } = node;
        public string Owner { get; } = owner;
        public bool Open { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
    }
}

[GenerateSerializer, Alias("asphalt.audio.nodes.state")]
public sealed class AudioNodeDirectoryState
{
    /// <summary>"node|owner" → the owner silo's last session id on the node.</summary>
    [Id(0)] public Dictionary<string, string> Sessions { get; set; } = [];

    [Id(1)] public Dictionary<long, PlayerPlacement> Players { get; set; } = [];

    /// <summary>"node|voiceRegion" → moving average of the voice ping in ms.</summary>
    [Id(2)] public Dictionary<string, double> Pings { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("asphalt.audio.nodes.placement")]
public sealed record PlayerPlacement(
    [property: Id(0)] string Node,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string? Region);
