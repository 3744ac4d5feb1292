using System.Net;
using Asphalt.Grains;
using Asphalt.Hosting.Clustering;
using Asphalt.Hosting.Storage;
using Asphalt.Silo.Records;
using Microsoft.EntityFrameworkCore;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Asphalt.Silo.Storage;

/// <summary>Wires clustering, grain storage, reminders and the records database for the configured profile.</summary>
public static class SiloStorage
{
    public static ISiloBuilder UseAsphaltCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        var cluster = AsphaltClusterOptions.From(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        // Failure detection is tunable (Orleans:Membership:ProbeTimeout, NumMissedProbesLimit …) for faster failover.
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{AsphaltClusterOptions.Section}:Membership"));

        if (storage.Provider == StorageProvider.Sqlite)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            silo.Services.AddGrainStorage(StorageNames.Default, (services, name) =>
                new SqliteGrainStorage(name, storage.EffectiveConnectionString, services.GetRequiredService<IGrainStorageSerializer>()));
            // Reminders of the embedded profile live in memory; grains that need one register it at activation.
            silo.UseInMemoryReminderService();
        }
        else
        {
            var advertised = cluster.AdvertisedIPAddress is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = storage.AdoNetInvariant!;
                o.ConnectionString = storage.EffectiveConnectionString;
            });
            silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
            {
                o.Invariant = storage.AdoNetInvariant!;
                o.ConnectionString = storage.EffectiveConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = storage.AdoNetInvariant!;
                o.ConnectionString = storage.EffectiveConnectionString;
            });
        }
        return silo;
    }

    /// <summary>The records database (EF Core over the same database as the profile) and the migrator.</summary>
    public static IServiceCollection AddAsphaltRecords(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        services.AddSingleton(storage);
        services.AddSingleton<SchemaMigrator>();
        services.AddDbContextFactory<RecordsDbContext>(o => UseProvider(o, storage));
        services.AddSingleton<Grains.Ports.IRecordStore, EfRecordStore>();
        return services;
    }

    public static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder options, StorageOptions storage) => storage.Provider switch
    {
        StorageProvider.PostgreSQL => options.UseNpgsql(storage.EffectiveConnectionString),
        StorageProvider.SqlServer => options.UseSqlServer(storage.EffectiveConnectionString),
        _ => options.UseSqlite(storage.EffectiveConnectionString),
    };
}
