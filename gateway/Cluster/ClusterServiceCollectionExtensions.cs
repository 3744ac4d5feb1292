using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Routing;

namespace Asphalt.Gateway.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>The Orleans side of the gateway's ports: sessions, journal, guilds and cluster info backed by grains.</summary>
    public static IServiceCollection AddClusterAdapters(this IServiceCollection services)
    {
        services.AddSingleton<IShardSessionStore, GrainShardSessionStore>();
        services.AddSingleton<ICommandJournal, GrainCommandJournal>();
        services.AddSingleton<IGuildDirectory, GrainGuildDirectory>();
        services.AddSingleton<IClusterInfo, OrleansClusterInfo>();
        return services;
    }
}
