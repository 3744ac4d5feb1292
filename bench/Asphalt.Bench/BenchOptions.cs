namespace Asphalt.Bench;

/// <summary>Command-line knobs: <c>--runs N</c> (repetitions; medians are reported), <c>--quick</c> (smaller counts, to try the harness), <c>--no-memory</c>, <c>--no-want-all</c>, <c>--no-throughput</c> (skip those parts of gateway-ingest), <c>--host-env KEY=VALUE</c> (environment of the gateway host, e.g. GC settings); economy-load: <c>--no-e2e</c>, <c>--e2e-only</c>.</summary>
public sealed record BenchOptions(int Runs, bool Quick, string ResultsFolder, bool SkipMemory = false, bool SkipWantAll = false,
    bool SkipThroughput = false, IReadOnlyDictionary<string, string>? HostEnvironment = null, bool SkipEndToEnd = false, bool OnlyEndToEnd = false)
{
    public static BenchOptions Parse(string[] args)
    {
        var runs = 5;
        var quick = false;
        var skipMemory = false;
        var skipWantAll = false;
        var skipThroughput = false;
        var skipEndToEnd = false;
        var onlyEndToEnd = false;
        var hostEnvironment = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length) runs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--quick") quick = true;
            else if (args[i] == "--no-memory") skipMemory = true;
            else if (args[i] == "--no-want-all") skipWantAll = true;
            else if (args[i] == "--no-throughput") skipThroughput = true;
            else if (args[i] == "--no-e2e") skipEndToEnd = true;
            else if (args[i] == "--e2e-only") onlyEndToEnd = true;
            else if (args[i] == "--host-env" && i + 1 < args.Length && args[++i].Split('=', 2) is [var key, var value]) hostEnvironment[key] = value;
        }
        var results = Path.Combine(Asphalt.Tests.Support.RepositoryPaths.Root, "bench", "results");
        Directory.CreateDirectory(results);
        return new BenchOptions(runs, quick, results, skipMemory, skipWantAll, skipThroughput, hostEnvironment, skipEndToEnd, onlyEndToEnd);
    }
}
