using System.Net;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Hosting.Clustering;
using Asphalt.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Asphalt.EndToEnd.Tests;

/// <summary>The silo as it runs on one machine: the embedded default, no setup.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("asphalt-e2e-").FullName;
    private readonly SiloPorts _ports = SiloPorts.Allocate();

    private Dictionary<string, string?> EmbeddedSettings => new()
    {
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "asphalt.db")}",
    };

    [Fact]
    public async Task The_silo_comes_up_on_the_embedded_default_serves_health_and_metrics_and_stops_cleanly_on_SIGTERM()
    {
        await using var silo = _ports.Start(EmbeddedSettings);
        await silo.WaitHealthyAsync();

        using var http = new HttpClient();
        var health = await http.GetStringAsync(new Uri(silo.BaseAddress, "/health"));
        Assert.Contains("\"silo\":{\"status\":\"Healthy\"", health);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", health);
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{_ports.Metrics}/metrics");
        Assert.Contains("target_info{service_name=\"asphalt-silo\"", metrics);
        // /metrics lives on its own port only.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(silo.BaseAddress, "/metrics"))).StatusCode);
        Assert.True(File.Exists(Path.Combine(_folder, "asphalt.db")));

        var exitCode = await silo.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("\"level\":\"Information\"", silo.Output); // structured JSON lines
    }

    [Fact]
    public async Task Guild_state_written_before_a_restart_is_read_after_it()
    {
        const long guildId = 81_384_788_765_712_384;
        var joinedAt = new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
        await using (var silo = _ports.Start(EmbeddedSettings))
        {
            await silo.WaitHealthyAsync();
            using var client = await ConnectClientAsync();
            var guild = client.Services.GetRequiredService<IClusterClient>().GetGrain<IGuildGrain>(guildId);
            await guild.RecordJoinedAsync(new GuildSnapshot("Restart Club", 77, "pt-BR", joinedAt));
            await client.StopAsync();
            Assert.Equal(0, await silo.TerminateAsync());
        }

        await using (var silo = _ports.Start(EmbeddedSettings))
        {
            await silo.WaitHealthyAsync();
            using var client = await ConnectClientAsync();
            var profile = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IGuildGrain>(guildId).GetAsync();
            Assert.Equal("Restart Club", profile.Name);
            Assert.Equal(77, profile.MemberCount);
            Assert.Equal(joinedAt, profile.JoinedAt);
            await client.StopAsync();
        }
    }

    private async Task<IHost> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(EmbeddedSettings)
        {
            [$"{AsphaltClusterOptions.Section}:GatewayPort"] = _ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.UseOrleansClient(c => c.UseAsphaltClustering(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
