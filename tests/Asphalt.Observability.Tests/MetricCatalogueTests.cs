using System.Text.Json;
using System.Text.RegularExpressions;
using Asphalt.Tests.Support;

namespace Asphalt.Observability.Tests;

/// <summary>No dashboard panel and no alert rule may point at a metric that the processes do not export.</summary>
public sealed partial class MetricCatalogueTests(RunningSystem system) : IClassFixture<RunningSystem>
{
    private static string Infra(params string[] parts) => Path.Combine([RepositoryPaths.Root, "infra", .. parts]);

    /// <summary>Metric names in PromQL expressions: ours, Orleans' and Prometheus' own <c>up</c>.</summary>
    private static IEnumerable<string> MetricNames(string promql) =>
        MetricName().Matches(promql).Select(m => m.Value).Where(n => n != "up");

    private static IEnumerable<string> DashboardExpressions() =>
        Directory.GetFiles(Infra("grafana", "dashboards"), "*.json").SelectMany(file =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.GetProperty("panels").EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray())
                .Select(t => t.GetProperty("expr").GetString()!)
                .ToList();
        });

    private static IEnumerable<string> RuleExpressions() =>
        RuleExpression().Matches(File.ReadAllText(Infra("prometheus", "rules", "asphalt.yml")))
            .Select(m => m.Groups["expr"].Value);

    [Fact]
    public async Task Every_metric_in_the_dashboards_and_alert_rules_is_exported_by_a_silo_or_a_gateway()
    {
        var exported = ExportedNames(await system.ScrapeAsync(system.SiloPorts.Metrics))
            .Union(ExportedNames(await system.ScrapeAsync(system.GatewayPorts.Metrics)))
            .ToHashSet();
        var referenced = DashboardExpressions().Concat(RuleExpressions()).SelectMany(MetricNames).Distinct().ToList();

        Assert.NotEmpty(referenced);
        var missing = referenced.Where(n => !exported.Contains(n)).Order().ToList();
        Assert.True(missing.Count == 0, $"referenced but not exported: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Both_processes_export_the_runtime_ASP_NET_Core_and_Orleans_meters()
    {
        var silo = await system.ScrapeAsync(system.SiloPorts.Metrics);
        var gateway = await system.ScrapeAsync(system.GatewayPorts.Metrics);

        foreach (var text in new[] { silo, gateway })
        {
            Assert.Contains("dotnet_gc_collections_total", text);
            Assert.Contains("http_server_request_duration_seconds", text);
        }
        Assert.Contains("orleans_app_requests_latency_milliseconds_bucket", silo);
        Assert.Contains("asphalt_gateway_interaction_latency_seconds_bucket{", gateway);
    }

    private static IEnumerable<string> ExportedNames(string exposition) =>
        exposition.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]);

    [GeneratedRegex(@"\b(asphalt|orleans)_[a-z0-9_]+|\bup\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"expr:\s*(\|\s*\n(?<expr>(\s{10,}.*\n)+)|(?<expr>.*))")]
    private static partial Regex RuleExpression();
}
