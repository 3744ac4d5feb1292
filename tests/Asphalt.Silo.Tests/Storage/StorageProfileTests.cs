using Asphalt.Grains;
using Asphalt.Hosting.Storage;
using Asphalt.Silo.Records;
using Asphalt.Silo.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Asphalt.Silo.Tests.Storage;

/// <summary>The configuration path of each profile, down to the options Orleans and EF Core receive.</summary>
public sealed class StorageProfileTests
{
    private const string SqlServerConnection = "Server=db.internal;Database=asphalt;User Id=asphalt;Password=from-a-secret;TrustServerCertificate=true";

    private static IHost BuildSiloHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAsphaltRecords(builder.Configuration);
        builder.UseOrleans(silo => silo.UseAsphaltClustering(builder.Configuration).UseAsphaltStorage(builder.Configuration));
        return builder.Build(); // built, never started: SQL Server cannot run here
    }

    [Fact]
    public void SqlServer_profile_gives_Orleans_clustering_storage_and_reminders_the_SqlClient_invariant()
    {
        using var host = BuildSiloHost(new() { ["Storage:Provider"] = "SqlServer", ["Storage:ConnectionString"] = SqlServerConnection });

        var clustering = host.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value;
        var storage = host.Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.Default);
        var reminders = host.Services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;

        Assert.All(new[] { clustering.Invariant, storage.Invariant, reminders.Invariant }, i => Assert.Equal("Microsoft.Data.SqlClient", i));
        Assert.All(new[] { clustering.ConnectionString, storage.ConnectionString, reminders.ConnectionString }, c => Assert.Equal(SqlServerConnection, c));
    }

    [Fact]
    public void SqlServer_profile_keeps_records_in_SQL_Server_through_EF_Core()
    {
        using var host = BuildSiloHost(new() { ["Storage:Provider"] = "SqlServer", ["Storage:ConnectionString"] = SqlServerConnection });

        using var db = host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContext();

        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
    }

    [Fact]
    public void PostgreSQL_profile_uses_the_Npgsql_invariant()
    {
        using var host = BuildSiloHost(new() { ["Storage:Provider"] = "PostgreSQL", ["Storage:ConnectionString"] = "Host=127.0.0.1;Database=x" });

        Assert.Equal("Npgsql", host.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value.Invariant);
        Assert.Equal("Npgsql", host.Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.Default).Invariant);
    }

    [Fact]
    public void The_embedded_profile_is_the_default_and_needs_no_connection_string()
    {
        var options = StorageOptions.From(new ConfigurationBuilder().Build());

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=./data/asphalt.db", options.EffectiveConnectionString);
        Assert.Null(options.AdoNetInvariant);
    }

    [Theory]
    [InlineData("SqlServer")]
    [InlineData("PostgreSQL")]
    public void A_server_profile_without_a_connection_string_fails_at_start_saying_what_to_set(string provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = provider }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => StorageOptions.From(configuration));

        Assert.Contains("Storage:ConnectionString", error.Message);
        Assert.Contains("Storage__ConnectionString", error.Message);
    }

    [Fact]
    public void SqlServer_scripts_are_embedded_in_the_silo()
    {
        var scripts = SchemaMigrator.Scripts(StorageProvider.SqlServer);

        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.False(string.IsNullOrWhiteSpace(s.Contents)));
    }
}
