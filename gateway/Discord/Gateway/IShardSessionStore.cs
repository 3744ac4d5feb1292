using Asphalt.Gateway.Discord.Models;

namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>What a shard needs to RESUME instead of IDENTIFY: kept outside the process so a restarted gateway resumes.</summary>
public sealed record ShardSessionState(string SessionId, long Sequence, string ResumeGatewayUrl, int ShardCount, DateTimeOffset SavedAt);

/// <summary>
/// Where shard sessions are kept (the gateway host stores them in the shard's session grain).
/// Saves are periodic and on shutdown, never per event.
/// </summary>
public interface IShardSessionStore
{
    Task<ShardSessionState?> LoadAsync(int shardId, CancellationToken cancellationToken);
    Task SaveAsync(int shardId, ShardSessionState session, CancellationToken cancellationToken);
    Task ClearAsync(int shardId, CancellationToken cancellationToken);
}

/// <summary>Keeps sessions in memory only: a restart identifies afresh. For tests and for running without a cluster.</summary>
public sealed class InMemoryShardSessionStore : IShardSessionStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, ShardSessionState> _sessions = new();

    public Task<ShardSessionState?> LoadAsync(int shardId, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryGetValue(shardId, out var s) ? s : null);

    public Task SaveAsync(int shardId, ShardSessionState session, CancellationToken cancellationToken)
    {
        _sessions[shardId] = session;
        return Task.CompletedTask;
    }

    public Task ClearAsync(int shardId, CancellationToken cancellationToken)
    {
        _sessions.TryRemove(shardId, out _);
        return Task.CompletedTask;
    }
}

/// <summary>Receives every dispatch of a shard, in order. Must return quickly (long work goes elsewhere).</summary>
public interface IGatewayDispatchHandler
{
    /// <summary>
    /// Whether this handler wants dispatches of <paramref name="eventType"/> at all; asked once per
    /// event name and shard. The shard still counts the sequence of every dispatch, but does not
    /// parse or queue the unwanted ones (they are counted as ignored instead).
    /// </summary>
    bool Wants(string eventType) => true;

    ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken);
}
