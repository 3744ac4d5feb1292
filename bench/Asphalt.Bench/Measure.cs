using System.Globalization;
using System.Text;

namespace Asphalt.Bench;

/// <summary>CPU time and resident memory of another process, read from /proc; medians and percentiles.</summary>
public static class Measure
{
    /// <summary>Clock ticks per second of /proc/{pid}/stat (USER_HZ; 100 on every Linux we run on).</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>utime + stime of the process (all its threads), from /proc/{pid}/stat.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture); // field 14 of the full line
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
        return TimeSpan.FromSeconds((utime + stime) / ClockTicksPerSecond);
    }

    /// <summary>VmRSS of the process in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException($"no VmRSS for {pid}");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of already sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Least-squares slope and intercept of y over x.</summary>
    public static (double Slope, double Intercept) Fit(IReadOnlyList<(double X, double Y)> points)
    {
        var mx = points.Average(p => p.X);
        var my = points.Average(p => p.Y);
        var slope = points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
        return (slope, my - slope * mx);
    }

    public static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture);

    public static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Machine()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"cores {Environment.ProcessorCount}, ");
        var mem = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (mem is not null) sb.Append(CultureInfo.InvariantCulture, $"RAM {long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:0.0} GiB, ");
        sb.Append(CultureInfo.InvariantCulture, $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, ");
        sb.Append(CultureInfo.InvariantCulture, $"load average at start {File.ReadAllText("/proc/loadavg").Trim()}");
        return sb.ToString();
    }
}
