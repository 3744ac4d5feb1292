using System.Collections.Concurrent;
using Asphalt.Hosting.Clustering;
using Asphalt.Silo.Audio;
using Asphalt.Silo.Economy;
using Asphalt.Silo.Storage;
using Asphalt.Silo.Votes;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Asphalt.Tests.Support;

/// <summary>
/// Builds an Orleans <see cref="TestCluster"/> whose silos use Asphalt's own storage wiring for the
/// given settings (Storage:Provider, Storage:ConnectionString …). With <c>realMembership</c> the
/// silos and the client use the profile's clustering (ADO.NET on PostgreSQL) instead of the test
/// cluster's in-memory membership table. <c>configureSilo</c> runs on every silo after Asphalt's
/// own wiring, so a test can replace a service (a controllable clock, a fixed random source).
/// </summary>
public static class AsphaltTestCluster
{
    private const string RealMembershipKey = "Test:RealMembership";

    /// <summary>
    /// Membership settings for tests that kill a silo: a dead silo is declared within seconds instead
    /// of Orleans' production minute (probe timeout 5 s adaptive, 3 missed probes, IAmAlive every 30 s).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FastFailureDetection = new Dictionary<string, string?>
    {
        ["Orleans:Membership:ProbeTimeout"] = "00:00:01",
        ["Orleans:Membership:NumMissedProbesLimit"] = "2",
        ["Orleans:Membership:NumVotesForDeathDeclaration"] = "1",
        ["Orleans:Membership:TableRefreshTimeout"] = "00:00:01",
        ["Orleans:Membership:IAmAliveTablePublishTimeout"] = "00:00:02",
        ["Orleans:Membership:DeathVoteExpirationTimeout"] = "00:00:10",
    };
    private const string HookKey = "Test:SiloHook";

    // Test silos run in this process: a hook is found again by the id its configuration carries.
    private static readonly ConcurrentDictionary<string, Action<ISiloBuilder>> Hooks = new();

    /// <param name="configureSilo">Runs on every silo builder after Asphalt's own wiring (e.g. to replace TimeProvider).</param>
    public static TestCluster Build(IReadOnlyDictionary<string, string?> settings, int silos = 1, bool realMembership = false,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.UseTestClusterMembership = !realMembership;
        // A restarted cluster must keep its ServiceId: ADO.NET storage keys every row by it.
        if (settings.TryGetValue($"{AsphaltClusterOptions.Section}:ServiceId", out var serviceId) && serviceId is not null)
            builder.Options.ServiceId = serviceId;
        var all = new Dictionary<string, string?>(settings)
        {
            [RealMembershipKey] = realMembership.ToString(),
            [$"{AsphaltClusterOptions.Section}:ClusterId"] = builder.Options.ClusterId,
            [$"{AsphaltClusterOptions.Section}:ServiceId"] = builder.Options.ServiceId,
        };
        if (configureSilo is not null)
        {
            var id = Guid.NewGuid().ToString("N");
            Hooks[id] = configureSilo;
            all[HookKey] = id;
        }
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(all));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        return builder.Build();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var configuration = silo.Configuration;
            silo.Services.AddAsphaltRecords(configuration);
            silo.Services.AddAsphaltEconomy(configuration);
            silo.Services.AddAsphaltVotes(configuration);
            if (configuration.GetValue<bool>(RealMembershipKey))
                silo.UseAsphaltClustering(configuration, configureEndpoints: false);
            silo.UseAsphaltStorage(configuration);
            silo.AddAsphaltAudio(configuration);
            if (configuration[HookKey] is { } hook && Hooks.TryGetValue(hook, out var configure)) configure(silo);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            if (configuration.GetValue<bool>(RealMembershipKey))
                clientBuilder.UseAsphaltClustering(configuration);
        }
    }
}
