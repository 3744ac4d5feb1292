using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Routing;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Grains.Interfaces.Records;
using Asphalt.Grains.Interfaces.Shards;

namespace Asphalt.Gateway.Cluster;

/// <summary>Shard sessions in <see cref="IShardSessionGrain"/> (key: shard id), so any gateway instance can resume a shard.</summary>
public sealed class GrainShardSessionStore(IGrainFactory grains) : IShardSessionStore
{
    public async Task<ShardSessionState?> LoadAsync(int shardId, CancellationToken cancellationToken)
    {
        var s = await grains.GetGrain<IShardSessionGrain>(shardId).GetAsync().WaitAsync(cancellationToken);
        return s is null ? null : new ShardSessionState(s.SessionId, s.Sequence, s.ResumeGatewayUrl, s.ShardCount, s.SavedAt);
    }

    public Task SaveAsync(int shardId, ShardSessionState s, CancellationToken cancellationToken) =>
        grains.GetGrain<IShardSessionGrain>(shardId).SaveAsync(new ShardSession(s.SessionId, s.Sequence, s.ResumeGatewayUrl, s.ShardCount, s.SavedAt)).WaitAsync(cancellationToken);

    public Task ClearAsync(int shardId, CancellationToken cancellationToken) =>
        grains.GetGrain<IShardSessionGrain>(shardId).ClearAsync().WaitAsync(cancellationToken);
}

/// <summary>Executions and errors in the stateless <see cref="ICommandJournalGrain"/> (key 0).</summary>
public sealed class GrainCommandJournal(IGrainFactory grains) : ICommandJournal
{
    public Task RecordExecutionAsync(CommandExecution execution) => grains.GetGrain<ICommandJournalGrain>(0).RecordExecutionAsync(execution);

    public Task<Guid> RecordErrorAsync(ErrorReport error) => grains.GetGrain<ICommandJournalGrain>(0).RecordErrorAsync(error);
}

/// <summary>Guild lifecycle in <see cref="IGuildGrain"/> (key: the guild's snowflake).</summary>
public sealed class GrainGuildDirectory(IGrainFactory grains) : IGuildDirectory
{
    public Task RecordJoinedAsync(long guildId, GuildSnapshot snapshot) => grains.GetGrain<IGuildGrain>(guildId).RecordJoinedAsync(snapshot);

    public Task RecordLeftAsync(long guildId, DateTimeOffset at) => grains.GetGrain<IGuildGrain>(guildId).RecordLeftAsync(at);
}

/// <summary>Cluster members from Orleans' management grain.</summary>
public sealed class OrleansClusterInfo(IGrainFactory grains) : IClusterInfo
{
    public async Task<IReadOnlyList<ClusterMemberInfo>> GetActiveMembersAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        return hosts.Select(h => new ClusterMemberInfo(h.Key.ToString(), h.Value.ToString())).ToArray();
    }
}
