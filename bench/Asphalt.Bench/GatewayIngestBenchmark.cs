using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using static Asphalt.Bench.Measure;

namespace Asphalt.Bench;

/// <summary>
/// Issue 3. The Discord emulator (this process) streams a realistic dispatch mix on zlib-stream to
/// the gateway host (its own process: the product's shards with a no-op handler); we count the
/// host's CPU time only. Then: resident memory of 1, 8 and 32 idle shards of 1,000 guilds each.
/// </summary>
public sealed class GatewayIngestBenchmark(BenchOptions options)
{
    private const string Token = "bench.token.not-a-secret";
    private const int IngestShards = 4;
    private const int FixedRate = 5_000;
    private const int GuildsPerShard = 1_000;
    private static readonly int[] MemoryShardCounts = [1, 8, 32];

    private readonly StringBuilder _report = new();

    public async Task RunAsync()
    {
        Line($"# gateway-ingest {DateTimeOffset.UtcNow:u}");
        Line($"machine: {Machine()} (shared with other engineers' builds)");
        if (options.HostEnvironment is { Count: > 0 } env) Line($"gateway host environment: {string.Join(", ", env.Select(e => $"{e.Key}={e.Value}"))}");
        if (!options.SkipThroughput) await ThroughputAsync(wantAll: false);
        if (!options.SkipThroughput && !options.SkipWantAll) await ThroughputAsync(wantAll: true);
        if (!options.SkipMemory) await MemoryAsync();
        var file = Path.Combine(options.ResultsFolder, $"gateway-ingest-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, _report.ToString());
        Console.WriteLine($"results: {file}");
    }

    /// <param name="wantAll">The handler asks for every event, so every payload is parsed and queued (the shard's cost before it learned to skip).</param>
    private async Task ThroughputAsync(bool wantAll)
    {
        var perShard = options.Quick ? 25_000 : 100_000;
        var fixedSeconds = options.Quick ? 5 : 20;
        var guilds = GuildGenerator.Generate(IngestShards * 250);
        await using var discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            BotToken = Token, Guilds = guilds, MaxConcurrency = IngestShards, RecommendedShards = IngestShards,
        });
        await using var host = GatewayHostProcess.Start(discord.ApiBaseUrl, Token, IngestShards, guildCache: false, wantAll, options.HostEnvironment);
        for (var s = 0; s < IngestShards; s++) await discord.WaitForConnectionAsync(s, TimeSpan.FromSeconds(60));
        await host.WaitUntilAsync(h => h.GuildCreates >= guilds.Count, TimeSpan.FromSeconds(60));
        DescribeMix(discord);

        Line("");
        Line($"## throughput: {IngestShards} shards, zlib-stream, {perShard * IngestShards:N0} dispatches per run (1 warm-up run discarded); " +
             (wantAll ? "handler wants every event (all payloads parsed and queued)" : "handler wants what the production router handles (other payloads skipped)"));
        Line("| run | mode | dispatches | gateway CPU s | dispatches / CPU-s | wall s | dispatches / wall-s | gateway alloc B/dispatch | gen0 GCs |");
        Line("|---|---|---|---|---|---|---|---|---|");
        var full = new List<double>();
        for (var run = 0; run <= options.Runs; run++)
        {
            var r = await StreamAsync(discord, host, perShard, rate: null, seed: run + 1);
            if (run > 0) full.Add(r.PerCpuSecond);
            Row(run == 0 ? "warm-up" : run.ToString(System.Globalization.CultureInfo.InvariantCulture), "full speed", r);
        }
        var fixedRuns = new List<double>();
        var fixedPerShard = FixedRate / IngestShards * fixedSeconds;
        for (var run = 1; run <= Math.Max(3, options.Runs / 2 + 1); run++)
        {
            var r = await StreamAsync(discord, host, fixedPerShard, rate: (double)FixedRate / IngestShards, seed: 100 + run);
            fixedRuns.Add(r.PerCpuSecond);
            Row(run.ToString(System.Globalization.CultureInfo.InvariantCulture), $"fixed {FixedRate:N0}/s", r);
        }
        Line("");
        Line($"**{(wantAll ? "every event parsed" : "router's events parsed")} — median at full speed: {F(Median(full))} dispatches per gateway CPU-second** (target ≥ 150,000); " +
             $"**at {FixedRate:N0}/s: {F(Median(fixedRuns))} per CPU-second** (CPU use {F(FixedRate / Median(fixedRuns) * 100, "0.0")} % of one core)");
    }

    private void Row(string run, string mode, StreamRun r) =>
        Line($"| {run} | {mode} | {r.Dispatches:N0} | {F(r.Cpu.TotalSeconds, "0.00")} | {F(r.PerCpuSecond)} | {F(r.Wall.TotalSeconds, "0.00")} | {F(r.Dispatches / r.Wall.TotalSeconds)} | {F(r.AllocatedPerDispatch)} | {r.Gen0} |");

    private sealed record StreamRun(long Dispatches, TimeSpan Cpu, TimeSpan Wall, double AllocatedPerDispatch, int Gen0)
    {
        public double PerCpuSecond => Dispatches / Cpu.TotalSeconds;
    }

    private static async Task<StreamRun> StreamAsync(DiscordEmulator discord, GatewayHostProcess host, int perShard, double? rate, int seed)
    {
        var before = host.Stats();
        var cpuBefore = CpuTime(host.Pid);
        var clock = Stopwatch.StartNew();
        var streams = Enumerable.Range(0, IngestShards).Select(shard =>
        {
            var random = new Random(seed * 31 + shard);
            return Task.Run(() => discord.StreamDispatchesAsync(shard, perShard, rate, g => Mix(g, random, discord), seed * 31 + shard));
        }).ToArray();
        await Task.WhenAll(streams);
        var expected = before.Sequences + (long)perShard * IngestShards;
        var after = await host.WaitUntilAsync(h => h.Sequences >= expected, TimeSpan.FromMinutes(5));
        var wall = clock.Elapsed;
        var cpu = CpuTime(host.Pid) - cpuBefore;
        var n = after.Sequences - before.Sequences;
        return new StreamRun(n, cpu, wall, (after.AllocatedBytes - before.AllocatedBytes) / (double)n, after.Gen0 - before.Gen0);
    }

    /// <summary>The stream: 50 % MESSAGE_CREATE, 30 % PRESENCE_UPDATE, 10 % INTERACTION_CREATE, 5 % GUILD_CREATE (channels, roles), 5 % TYPING_START.</summary>
    private static GeneratedDispatch Mix(DispatchGenerator g, Random random, DiscordEmulator discord) => random.Next(100) switch
    {
        < 50 => g.MessageCreate(),
        < 80 => g.PresenceUpdate(),
        < 90 => g.InteractionCreate(discord.Options.ApplicationId),
        < 95 => g.GuildCreate(discord.BotUser),
        _ => g.TypingStart(),
    };

    private void DescribeMix(DiscordEmulator discord)
    {
        var g = new DispatchGenerator(discord.Guilds, 7);
        var random = new Random(7);
        var sizes = Enumerable.Range(0, 2000).Select(_ => Mix(g, random, discord))
            .GroupBy(d => d.EventName)
            .Select(x => (x.Key, Count: x.Count(), Bytes: x.Average(d => Encoding.UTF8.GetByteCount(d.Payload.ToJsonString()))))
            .OrderByDescending(x => x.Count);
        Line("");
        Line("dispatch mix (share, mean `d` size in JSON bytes): " +
             string.Join(", ", sizes.Select(s => $"{s.Key} {F(s.Count / 20.0)} % {F(s.Bytes)} B")));
    }

    private async Task MemoryAsync()
    {
        Line("");
        Line($"## memory: idle shards after {GuildsPerShard:N0} GUILD_CREATEs each (RSS of the gateway host; after a forced full GC in brackets)");
        var runs = options.Quick ? 1 : Math.Max(3, options.Runs / 2 + 1);
        foreach (var cache in new[] { false, true })
        {
            Line("");
            Line(cache ? "### with the minimal guild cache commands need (bench handler; the product keeps none)" : "### product as is: no guild cache (no-op handler)");
            Line("| shards | run | RSS MiB | RSS after GC MiB | GC heap after GC MiB | cached guilds |");
            Line("|---|---|---|---|---|---|");
            var idle = new List<(double X, double Y)>();
            var idleGc = new List<(double X, double Y)>();
            foreach (var shards in MemoryShardCounts)
            {
                var rss = new List<double>();
                var rssGc = new List<double>();
                for (var run = 1; run <= runs; run++)
                {
                    var (r, rg, heap, cached) = await IdleShardsAsync(shards, cache);
                    rss.Add(r);
                    rssGc.Add(rg);
                    Line($"| {shards} | {run} | {MiB(r)} | {MiB(rg)} | {MiB(heap)} | {cached:N0} |");
                }
                idle.Add((shards, Median(rss)));
                idleGc.Add((shards, Median(rssGc)));
            }
            var (slope, intercept) = Fit(idle);
            var (slopeGc, interceptGc) = Fit(idleGc);
            Line("");
            Line($"**{(cache ? "with cache" : "no cache")}: {MiB(slope)} MiB per idle shard** of {GuildsPerShard:N0} guilds (slope of median RSS over {string.Join(", ", MemoryShardCounts)} shards; " +
                 $"intercept {MiB(intercept)} MiB); after a forced GC {MiB(slopeGc)} MiB per shard (intercept {MiB(interceptGc)} MiB). Target ≤ 5 MiB.");
        }
    }

    private async Task<(long Rss, long RssAfterGc, long Heap, int Cached)> IdleShardsAsync(int shards, bool cache)
    {
        var guilds = GuildsFor(shards);
        await using var discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            BotToken = Token, Guilds = guilds, MaxConcurrency = shards, RecommendedShards = shards,
        });
        await using var host = GatewayHostProcess.Start(discord.ApiBaseUrl, Token, shards, cache, settings: options.HostEnvironment);
        await host.WaitUntilAsync(h => h.ReadyShards == shards && h.GuildCreates >= guilds.Count, TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(5)); // idle: let the GC and the thread pool settle
        var rss = ResidentBytes(host.Pid);
        var collected = host.Stats(collectFirst: true);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return (rss, ResidentBytes(host.Pid), collected.GcHeapBytes, collected.CachedGuilds);
    }

    /// <summary>Exactly <see cref="GuildsPerShard"/> generated guilds on each of the shards.</summary>
    private static IReadOnlyList<EmulatedGuild> GuildsFor(int shards)
    {
        var pool = GuildGenerator.Generate(shards * GuildsPerShard * 13 / 10 + 500, seed: 1000 + shards);
        var picked = pool.GroupBy(g => g.ShardId(shards)).SelectMany(g => g.Take(GuildsPerShard)).ToList();
        if (picked.Count != shards * GuildsPerShard) throw new InvalidOperationException("not enough generated guilds per shard");
        return picked;
    }

    private void Line(string text)
    {
        Console.WriteLine(text);
        _report.AppendLine(text);
    }
}
