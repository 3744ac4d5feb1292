using System.Net;
using Asphalt.Grains;
using Asphalt.Grains.Ports;
using Asphalt.Hosting.Clustering;
using Asphalt.Hosting.Storage;
using Asphalt.Silo.Records;
using Asphalt.Silo.Telemetry;
using Microsoft.EntityFrameworkCore;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Asphalt.Silo.Storage;

/// <summary>
/// Wires the configured storage profile into a silo. Three separate steps, so that test clusters
/// (which choose their own ports, and sometimes their own membership) take only the ones they need.
/// </summary>
public static class SiloStorage
{
    /// <summary>Cluster identity, ports and membership: localhost for Sqlite, the ADO.NET table otherwise.</summary>
    public static ISiloBuilder UseAsphaltClustering(this ISiloBuilder silo, IConfiguration configuration, bool configureEndpoints = true)
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
            if (configureEndpoints) silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            return silo;
        }

        if (configureEndpoints)
        {
            var advertised = cluster.AdvertisedIPAddress is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        }
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = storage.AdoNetInvariant!;
            o.ConnectionString = storage.EffectiveConnectionString;
        });
        return silo;
    }

    /// <summary>The default grain storage and the reminder service of the profile.</summary>
    public static ISiloBuilder UseAsphaltStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        // Grain state is written with Orleans' own version-tolerant serializer: fields are matched by
        // their [Id], so records and renamed members round-trip (the JSON default loses positional records).
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        if (storage.Provider == StorageProvider.Sqlite)
        {
            silo.Services.AddGrainStorage(StorageNames.Default, (services, name) =>
                new SqliteGrainStorage(name, storage.EffectiveConnectionString, services.GetRequiredService<IGrainStorageSerializer>()));
            // Reminders of the embedded profile live in memory; grains that need one register it at activation.
            silo.UseInMemoryReminderService();
            return silo;
        }

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
        return silo;
    }

    /// <summary>The records database (EF Core over the profile's database) and the migrator.</summary>
    public static IServiceCollection AddAsphaltRecords(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = StorageOptions.From(configuration);
        services.AddSingleton(storage);
        services.AddSingleton<SchemaMigrator>();
        services.AddDbContextFactory<RecordsDbContext>(o => UseProvider(o, storage));
        services.AddSingleton<IRecordStore, EfRecordStore>();
        services.AddMetrics(); // IMeterFactory, for hosts that have not added it (tools, tests)
        services.AddSingleton<EconomyMetrics>();
        services.AddSingleton<ILedgerStore, EfLedgerStore>();
        services.AddSingleton<IVoteStore, EfVoteStore>();
        return services;
    }

    private static DbContextOptionsBuilder UseProvider(DbContextOptionsBuilder options, StorageOptions storage) => storage.Provider switch
    {
        StorageProvider.PostgreSQL => options.UseNpgsql(storage.EffectiveConnectionString),
        StorageProvider.SqlServer => options.UseSqlServer(storage.EffectiveConnectionString),
        _ => options.UseSqlite(storage.EffectiveConnectionString),
    };
}
