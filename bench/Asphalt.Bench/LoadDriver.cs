using System.Collections.Concurrent;
using System.Diagnostics;

namespace Asphalt.Bench;

/// <summary>The outcome of a load run: latencies in ms (sorted), errors, elapsed wall time.</summary>
public sealed record LoadResult(int Issued, int Completed, int Errors, TimeSpan Elapsed, double[] LatenciesMs, string? FirstError)
{
    public double Throughput => Completed / Elapsed.TotalSeconds;
    public double P50 => Measure.Percentile(LatenciesMs, 50);
    public double P99 => Measure.Percentile(LatenciesMs, 99);
    public double Max => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[^1];
}

/// <summary>
/// Open loop: operation i is due at start + i / rate and is started then, whether or not earlier
/// ones finished; its latency counts from when it was due (no coordinated omission).
/// Closed loop: <c>concurrency</c> workers, each starting the next operation when the last one ends.
/// </summary>
public static class LoadDriver
{
    public static async Task<LoadResult> OpenLoopAsync(Func<int, Task> operation, double rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var failed = new bool[total];
        var errors = 0;
        string? firstError = null;
        var running = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var ahead = due - clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(1)) await Task.Delay(ahead);
            var index = i;
            var dueTicks = (long)(due.TotalSeconds * Stopwatch.Frequency);
            running.Add(Run(index, dueTicks));
        }
        await Task.WhenAll(running);
        var elapsed = clock.Elapsed;
        var ok = latencies.Where((_, i) => !failed[i]).Order().ToArray();
        return new LoadResult(total, ok.Length, errors, elapsed, ok, firstError);

        async Task Run(int index, long dueTicks)
        {
            // Started up to 1 ms early when the loop did not sleep: count from the later of due and start.
            var from = Math.Max(dueTicks, clock.ElapsedTicks);
            try
            {
                await operation(index);
                latencies[index] = (clock.ElapsedTicks - from) * 1000.0 / Stopwatch.Frequency;
            }
            catch (Exception e)
            {
                failed[index] = true;
                if (Interlocked.Increment(ref errors) == 1) firstError = e.GetType().Name + ": " + e.Message;
            }
        }
    }

    public static async Task<LoadResult> ClosedLoopAsync(Func<int, Task> operation, int concurrency, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var next = -1;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var index = Interlocked.Increment(ref next);
                var started = clock.ElapsedTicks;
                try
                {
                    await operation(index);
                    latencies.Add((clock.ElapsedTicks - started) * 1000.0 / Stopwatch.Frequency);
                }
                catch (Exception e)
                {
                    if (Interlocked.Increment(ref errors) == 1) firstError = e.GetType().Name + ": " + e.Message;
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var sorted = latencies.Order().ToArray();
        return new LoadResult(next + 1, sorted.Length, errors, elapsed, sorted, firstError);
    }
}
