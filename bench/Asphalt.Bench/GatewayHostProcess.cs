using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Asphalt.Tests.Support;

namespace Asphalt.Bench;

/// <summary>What the gateway host answers to <c>stats</c>.</summary>
public sealed record HostStats(long Dispatches, long Sequences, long GuildCreates, int CachedGuilds, int Shards, int ReadyShards, long RssBytes, long GcHeapBytes,
    long TotalMemoryBytes, long AllocatedBytes, int Gen0, int Gen2, double CpuMs, bool ServerGc);

/// <summary>bench/Asphalt.Bench.GatewayHost as a child process, driven over stdin/stdout.</summary>
public sealed class GatewayHostProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly Process _process;
    private readonly BlockingCollection<string> _stats = new();
    private readonly ConcurrentQueue<string> _log = new();

    private GatewayHostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.StartsWith("STATS ", StringComparison.Ordinal)) _stats.Add(e.Data[6..]);
            else if (_log.Count < 2000) _log.Enqueue(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null && _log.Count < 2000) _log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Log => string.Join('\n', _log);

    public static GatewayHostProcess Start(string apiBaseUrl, string token, int shardCount, bool guildCache, bool wantAll = false,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var output = RepositoryPaths.Output(Path.Combine("bench", "Asphalt.Bench.GatewayHost"));
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(output, "Asphalt.Bench.GatewayHost.dll"));
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Http__Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["Http__MetricsPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["Discord__ApiBaseUrl"] = apiBaseUrl;
        info.Environment["Discord__Token"] = token;
        info.Environment["Discord__ShardCount"] = shardCount.ToString(CultureInfo.InvariantCulture);
        info.Environment["Bench__GuildCache"] = guildCache ? "true" : "false";
        info.Environment["Bench__WantAll"] = wantAll ? "true" : "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key.StartsWith("DOTNET_", StringComparison.Ordinal) ? key : key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return new GatewayHostProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the gateway host"));
    }

    public HostStats Stats(bool collectFirst = false)
    {
        if (_process.HasExited) throw new InvalidOperationException($"The gateway host exited ({_process.ExitCode}):\n{Log}");
        _process.StandardInput.WriteLine(collectFirst ? "gc" : "stats");
        _process.StandardInput.Flush();
        if (!_stats.TryTake(out var line, TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"The gateway host did not answer:\n{Log}");
        return JsonSerializer.Deserialize<HostStats>(line, Json)!;
    }

    /// <summary>Polls until <paramref name="done"/> holds, every 100 ms.</summary>
    public async Task<HostStats> WaitUntilAsync(Func<HostStats, bool> done, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var stats = Stats();
            if (done(stats)) return stats;
            if (deadline.Elapsed > timeout) throw new TimeoutException($"Gateway host not there in {timeout}: {stats}\n{Log}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close(); // the host stops when its stdin closes
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
