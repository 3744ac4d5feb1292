using System.Net;
using Asphalt.Hosting.Storage;
using Orleans.Configuration;

namespace Asphalt.Hosting.Clustering;

public static class ClientClustering
{
    /// <summary>
    /// Points an Orleans client at the cluster of the configured storage profile: the localhost
    /// gateway for Sqlite, the ADO.NET membership table for PostgreSQL and SqlServer.
    /// </summary>
    public static IClientBuilder UseAsphaltClustering(this IClientBuilder client, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        var cluster = AsphaltClusterOptions.From(configuration);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (storage.Provider == StorageProvider.Sqlite)
        {
            var ports = cluster.LocalGatewayPorts.Length > 0 ? cluster.LocalGatewayPorts : [cluster.GatewayPort];
            client.UseStaticClustering(ports.Select(p => new IPEndPoint(IPAddress.Loopback, p)).ToArray());
        }
        else
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = storage.AdoNetInvariant!;
                o.ConnectionString = storage.EffectiveConnectionString;
            });
        }
        return client;
    }
}
