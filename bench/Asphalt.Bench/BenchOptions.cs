namespace Asphalt.Bench;

/// <summary>Command-line knobs: <c>--runs N</c> (repetitions; medians are reported), <c>--quick</c> (smaller counts, to try the harness).</summary>
public sealed record BenchOptions(int Runs, bool Quick, string ResultsFolder)
{
    public static BenchOptions Parse(string[] args)
    {
        var runs = 5;
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs" && i + 1 < args.Length) runs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--quick") quick = true;
        }
        var results = Path.Combine(Asphalt.Tests.Support.RepositoryPaths.Root, "bench", "results");
        Directory.CreateDirectory(results);
        return new BenchOptions(runs, quick, results);
    }
}
