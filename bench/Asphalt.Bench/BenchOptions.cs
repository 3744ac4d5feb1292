namespace Asphalt.Bench;

/// <summary>Command-line knobs: <c>--runs N</c> (repetitions; medians are reported), <c>--quick</c> (smaller counts, to try the harness), <c>--no-memory</c>, <c>--no-want-all</c> (skip those parts of gateway-ingest).</summary>
public sealed record BenchOptions(int Runs, bool Quick, string ResultsFolder, bool SkipMemory = false, bool SkipWantAll = false)
{
    public static BenchOptions Parse(string[] args)
    {
        var runs = 5;
        var quick = false;
        var skipMemory = false;
        var skipWantAll = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length) runs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--quick") quick = true;
            else if (args[i] == "--no-memory") skipMemory = true;
            else if (args[i] == "--no-want-all") skipWantAll = true;
        }
        var results = Path.Combine(Asphalt.Tests.Support.RepositoryPaths.Root, "bench", "results");
        Directory.CreateDirectory(results);
        return new BenchOptions(runs, quick, results, skipMemory, skipWantAll);
    }
}
