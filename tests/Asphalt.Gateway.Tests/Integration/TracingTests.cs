using System.Collections.Concurrent;
using System.Diagnostics;
using Asphalt.Gateway.Telemetry;
using static Asphalt.Gateway.Tests.Integration.GatewayHarness;

namespace Asphalt.Gateway.Tests.Integration;

public class TracingTests
{
    [Fact]
    public async Task An_interaction_is_one_trace_from_INTERACTION_CREATE_to_its_REST_callback()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is GatewayTracing.SourceName or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = await StartAsync();
        await h.WaitForReadyAsync();
        await h.Emulator.Log.CommandRegistrations.WaitForAsync(_ => true, Patience);

        var interaction = await h.Emulator.SendSlashCommandAsync(h.Emulator.Guilds[0].Id, 1_300_000_000_000_000_001, "ping");
        await interaction.WaitForFinalReplyAsync(Patience);
        await h.Journal.WaitForExecutionAsync();

        var root = Assert.Single(stopped, a => a.Source.Name == GatewayTracing.SourceName
                                               && (string?)a.GetTagItem("discord.interaction.id") == interaction.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("/ping", root.DisplayName);
        Assert.Equal("Succeeded", root.GetTagItem("asphalt.outcome"));
        var callback = Assert.Single(stopped, a => a.Source.Name == "System.Net.Http" && a.TraceId == root.TraceId
                                                   && (a.GetTagItem("url.full") as string ?? "").Contains("/callback", StringComparison.Ordinal));
        Assert.Equal(root.SpanId, callback.ParentSpanId);
    }
}
