using Asphalt.Bench;

// dotnet run -c Release --project bench/Asphalt.Bench -- <mode> [--runs N] [--quick]
var mode = args.FirstOrDefault() ?? "help";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
switch (mode)
{
    case "gateway-ingest":
        await new GatewayIngestBenchmark(options).RunAsync();
        return 0;
    case "ingest-alloc":
        IngestAllocationProbe.Run(options);
        return 0;
    case "economy-load":
        await new EconomyLoadBenchmark(options).RunAsync();
        return 0;
    default:
        Console.Error.WriteLine("usage: Asphalt.Bench gateway-ingest | ingest-alloc | economy-load  [--runs N] [--quick]");
        return 2;
}
