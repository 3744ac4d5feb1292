using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>
/// Sessions, the current session of each shard, per-shard fault switches and the IDENTIFY budget
/// (docs/topics/Gateway.md, "Session Start Limit Object" and "max_concurrency").
/// </summary>
internal sealed class GatewayState(DiscordEmulatorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, GatewaySession> _sessions = new();
    private readonly ConcurrentDictionary<int, GatewaySession> _shardSessions = new();
    private readonly ConcurrentDictionary<int, bool> _withheldAcks = new();
    private readonly ConcurrentDictionary<long, GatewayConnection> _open = new();
    private readonly Lock _identifyGate = new();
    private readonly Dictionary<int, DateTimeOffset> _lastIdentifyPerBucket = [];
    private int _sessionStartRemaining = options.SessionStartLimitRemaining ?? options.SessionStartLimitTotal;
    private long _connectionIds;

    public int SessionStartRemaining => Volatile.Read(ref _sessionStartRemaining);

    public void SetSessionStartRemaining(int remaining)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(remaining);
        Volatile.Write(ref _sessionStartRemaining, remaining);
    }

    public void Open(GatewayConnection connection) => _open[connection.Id] = connection;

    public void Closed(GatewayConnection connection) => _open.TryRemove(connection.Id, out _);

    public IReadOnlyCollection<GatewayConnection> OpenConnections => [.. _open.Values];

    public long NextConnectionId() => Interlocked.Increment(ref _connectionIds);

    /// <summary>Spends one IDENTIFY of the shard's concurrency bucket and of the daily budget, or says why not.</summary>
    public string? TryStartSession(int shardId)
    {
        var bucket = shardId % options.MaxConcurrency;
        var now = time.GetUtcNow();
        lock (_identifyGate)
        {
            if (_sessionStartRemaining <= 0)
            {
                return "session_start_limit exhausted";
            }

            if (_lastIdentifyPerBucket.TryGetValue(bucket, out var last) && now - last < options.IdentifyInterval)
            {
                return $"identify bucket {bucket} used {(now - last).TotalMilliseconds:0} ms ago";
            }

            _lastIdentifyPerBucket[bucket] = now;
            _sessionStartRemaining--;
            return null;
        }
    }

    public GatewaySession CreateSession(int shardId, int shardCount, long intents)
    {
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var session = new GatewaySession(sessionId, shardId, shardCount, intents, options.MaxReplayEvents);
        _sessions[sessionId] = session;
        return session;
    }

    public void MakeCurrent(GatewaySession session) => _shardSessions[session.ShardId] = session;

    public GatewaySession? FindSession(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>The latest session identified on a shard (attached or waiting for a RESUME).</summary>
    public GatewaySession? CurrentSession(int shardId) => _shardSessions.GetValueOrDefault(shardId);

    /// <summary>The current session that receives a guild's events; DMs (no guild) go to shard 0.</summary>
    public GatewaySession? SessionForGuild(ulong? guildId) => guildId is not { } id
        ? CurrentSession(0)
        : _shardSessions.Values.FirstOrDefault(s => SnowflakeGenerator.ShardOf(id, s.ShardCount) == s.ShardId);

    public GatewaySession RequireSession(int shardId) =>
        CurrentSession(shardId) ?? throw new InvalidOperationException($"Shard {shardId} has never identified.");

    public GatewayConnection RequireConnection(int shardId) =>
        RequireSession(shardId).Connection ?? throw new InvalidOperationException($"Shard {shardId} has no open connection.");

    public IReadOnlyCollection<GatewaySession> CurrentSessions => [.. _shardSessions.Values];

    public bool AcksWithheld(int shardId) => _withheldAcks.GetValueOrDefault(shardId);

    public void WithholdAcks(int shardId, bool withhold) => _withheldAcks[shardId] = withhold;
}
