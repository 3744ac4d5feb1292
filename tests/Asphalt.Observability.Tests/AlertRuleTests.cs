using Asphalt.Tests.Support;

namespace Asphalt.Observability.Tests;

public sealed class AlertRuleTests
{
    private static string Infra(params string[] parts) => Path.Combine([RepositoryPaths.Root, "infra", "prometheus", .. parts]);

    [Fact]
    public void The_alert_rules_pass_their_promtool_unit_tests()
    {
        var (exitCode, output) = PrometheusTools.Run(PrometheusTools.Promtool, "test", "rules", Infra("tests", "asphalt.test.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public void The_scrape_config_and_its_rule_files_are_valid()
    {
        var (exitCode, output) = PrometheusTools.Run(PrometheusTools.Promtool, "check", "config", Infra("prometheus.yml"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("rules found", output); // the rule files were found and parsed, not skipped
    }

    [Fact]
    public void Every_alert_rule_has_a_unit_test()
    {
        var rules = File.ReadAllLines(Infra("rules", "asphalt.yml"))
            .Select(l => l.Trim()).Where(l => l.StartsWith("- alert:", StringComparison.Ordinal))
            .Select(l => l["- alert:".Length..].Trim());
        var tested = File.ReadAllLines(Infra("tests", "asphalt.test.yml"))
            .Select(l => l.Trim()).Where(l => l.StartsWith("alertname:", StringComparison.Ordinal))
            .Select(l => l["alertname:".Length..].Trim()).ToHashSet();

        var untested = rules.Except(tested).ToList();
        Assert.True(untested.Count == 0, $"alerts without a promtool test: {string.Join(", ", untested)}");
    }
}
