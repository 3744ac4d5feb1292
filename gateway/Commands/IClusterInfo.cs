namespace Asphalt.Gateway.Commands;

public sealed record ClusterMemberInfo(string Address, string Status);

/// <summary>What /about tells of the cluster (the gateway host asks Orleans' management grain).</summary>
public interface IClusterInfo
{
    Task<IReadOnlyList<ClusterMemberInfo>> GetActiveMembersAsync(CancellationToken cancellationToken);
}
