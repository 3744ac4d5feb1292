using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using Asphalt.Gateway.Discord.Gateway;

namespace Asphalt.Bench.GatewayHost;

/// <summary>
/// The harness talks to the host over stdin/stdout: a line <c>stats</c> answers with one line
/// <c>STATS {json}</c>; <c>gc</c> first runs a full compacting collection (then answers the same).
/// </summary>
public sealed class ControlChannel(BenchDispatchHandler? handler, IDiscordGateway gateway)
{
    public const string Prefix = "STATS ";

    public async Task RunAsync(CancellationToken stop)
    {
        using var stdin = new StreamReader(Console.OpenStandardInput());
        while (!stop.IsCancellationRequested)
        {
            var line = await stdin.ReadLineAsync(stop);
            if (line is null) return;
            switch (line.Trim())
            {
                case "gc":
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    Report();
                    break;
                case "stats":
                    Report();
                    break;
            }
        }
    }

    private void Report()
    {
        using var self = Process.GetCurrentProcess();
        var shards = gateway.Shards;
        var stats = new Dictionary<string, object>
        {
            ["dispatches"] = handler?.Dispatches ?? 0,
            ["sequences"] = shards.Sum(s => s.Sequence), // every dispatch received, handled or skipped
            ["guildCreates"] = handler?.GuildCreates ?? 0,
            ["cachedGuilds"] = handler?.Guilds.Count ?? 0,
            ["shards"] = shards.Count,
            ["readyShards"] = shards.Count(s => s.State == ShardState.Ready),
            ["rssBytes"] = self.WorkingSet64,
            ["gcHeapBytes"] = GC.GetGCMemoryInfo().HeapSizeBytes,
            ["totalMemoryBytes"] = GC.GetTotalMemory(false),
            ["allocatedBytes"] = GC.GetTotalAllocatedBytes(),
            ["gen0"] = GC.CollectionCount(0),
            ["gen2"] = GC.CollectionCount(2),
            ["cpuMs"] = self.TotalProcessorTime.TotalMilliseconds,
            ["serverGc"] = GCSettings.IsServerGC,
        };
        Console.Out.WriteLine(Prefix + JsonSerializer.Serialize(stats));
        Console.Out.Flush();
    }
}
