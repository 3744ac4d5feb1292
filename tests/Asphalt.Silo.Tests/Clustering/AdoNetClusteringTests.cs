using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Tests.Support;
using Npgsql;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Asphalt.Silo.Tests.Clustering;

/// <summary>Three silos on real ADO.NET clustering and grain storage on PostgreSQL.</summary>
public sealed class AdoNetClusteringTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_grain_whose_silo_is_killed_comes_back_on_another_silo_with_its_state_and_the_dead_silo_is_marked_dead()
    {
        var settings = new Dictionary<string, string?>(database.Settings);
        foreach (var (key, value) in AsphaltTestCluster.FastFailureDetection) settings[key] = value;
        await using var cluster = AsphaltTestCluster.Build(settings, silos: 3, realMembership: true);
        await cluster.DeployAsync();
        await cluster.WaitForLivenessToStabilizeAsync();

        const long guildId = 1_099_511_627_776_042; // a snowflake-sized integer key
        var guild = cluster.Client.GetGrain<IGuildGrain>(guildId);
        await guild.RecordJoinedAsync(new GuildSnapshot("Survivors", 3000, "en-GB", DateTimeOffset.UtcNow));
        await guild.UpdateSettingsAsync(new GuildSettings(true, "bolts", "⚡"));

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(guild);
        Assert.NotNull(host);
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(host));

        await cluster.KillSiloAsync(victim);

        var profile = await RetryAsync(() => cluster.Client.GetGrain<IGuildGrain>(guildId).GetAsync());
        Assert.Equal("Survivors", profile.Name);
        Assert.Equal(3000, profile.MemberCount);
        Assert.Equal(new GuildSettings(true, "bolts", "⚡"), profile.Settings);
        var newHost = await management.GetActivationAddress(cluster.Client.GetGrain<IGuildGrain>(guildId));
        Assert.NotEqual(host, newHost);

        var status = await RetryAsync(async () =>
        {
            var s = await MembershipStatusAsync(victim.SiloAddress);
            return s == (int)SiloStatus.Dead ? s : throw new TimeoutException($"status is still {s}");
        });
        Assert.Equal((int)SiloStatus.Dead, status);
    }

    private async Task<int> MembershipStatusAsync(SiloAddress silo)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE port = @port AND generation = @generation", connection);
        command.Parameters.AddWithValue("port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    /// <summary>Calls until the cluster has noticed the death (calls to the dead silo time out until then).</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try { return await call(); }
            catch (Exception) when (DateTime.UtcNow < deadline) { await Task.Delay(500); }
        }
    }
}
