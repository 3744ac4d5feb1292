using System.Diagnostics;
using System.Text.Json;
using Asphalt.Tests.Support;

namespace Asphalt.Observability.Tests;

/// <summary>A real Prometheus (Debian's package, on loopback) scraping a running silo and gateway.</summary>
public sealed class PrometheusServerTests(RunningSystem system) : IClassFixture<RunningSystem>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("asphalt-prometheus-").FullName;
    private Process? _prometheus;

    [Fact]
    public async Task Prometheus_scrapes_both_targets_and_reads_an_Asphalt_metric()
    {
        var port = FreePort.Next();
        var config = Path.Combine(_folder, "prometheus.yml");
        // The repository's scrape config, with this test's ports and a fast interval.
        var shipped = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "prometheus", "prometheus.yml"))
            .Replace("scrape_interval: 15s", "scrape_interval: 1s")
            .Replace("127.0.0.1:9464", $"127.0.0.1:{system.SiloPorts.Metrics}")
            .Replace("127.0.0.1:9465", $"127.0.0.1:{system.GatewayPorts.Metrics}")
            .Replace("rules/*.yml", Path.Combine(RepositoryPaths.Root, "infra", "prometheus", "rules", "*.yml"));
        File.WriteAllText(config, shipped);
        var command = $"{PrometheusTools.Server} --config.file={config} --storage.tsdb.path={Path.Combine(_folder, "data")} " +
                      $"--web.listen-address=127.0.0.1:{port} --log.level=warn";
        _prometheus = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", Watchdog.Script(command) }, UseShellExecute = false, RedirectStandardError = true })!;

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var targets = await PollAsync(http, "/api/v1/targets", json =>
        {
            var active = json.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
            return active.Count == 2 && active.All(t => t.GetProperty("health").GetString() == "up") ? active : null;
        });
        Assert.Equal(["asphalt-gateway", "asphalt-silo"], targets.Select(t => t.GetProperty("labels").GetProperty("job").GetString()).Order());

        var members = await PollAsync(http, "/api/v1/query?query=asphalt_silo_cluster_members%7Bstatus%3D%22active%22%7D", json =>
        {
            var result = json.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
            return result.Count > 0 ? result[0].GetProperty("value")[1].GetString() : null;
        });
        Assert.Equal("1", members);
    }

    private static async Task<T> PollAsync<T>(HttpClient http, string path, Func<JsonElement, T?> read) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await http.GetStringAsync(path);
                using var json = JsonDocument.Parse(last);
                if (read(json.RootElement.Clone()) is { } value) return value;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{path} never gave what the test needs; last answer: {last}");
    }

    public void Dispose()
    {
        if (_prometheus is { HasExited: false }) _prometheus.Kill(entireProcessTree: true);
        _prometheus?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
