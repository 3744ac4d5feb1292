using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Gateway.Discord.Gateway;
using static Asphalt.Bench.Measure;

namespace Asphalt.Bench;

/// <summary>
/// Where a dispatch's CPU and allocations go in the shard's receive path, stage by stage, on one
/// thread: inflate (the product's <see cref="ZlibStreamInflater"/>), JsonDocument.Parse of the
/// frame, reading op/t/s, and the Clone of <c>d</c> the shard hands to its consumer.
/// </summary>
public static class IngestAllocationProbe
{
    public static void Run(BenchOptions options)
    {
        var guilds = GuildGenerator.Generate(1000);
        var g = new DispatchGenerator(guilds, 3);
        var random = new Random(3);
        var bot = new EmulatedUser(1_100_000_000_000_000_001, "Asphalt", Bot: true);
        var frames = Enumerable.Range(0, 512).Select(i =>
        {
            var d = random.Next(100) switch
            {
                < 50 => g.MessageCreate(),
                < 80 => g.PresenceUpdate(),
                < 90 => g.InteractionCreate(1_100_000_000_000_000_001),
                < 95 => g.GuildCreate(bot),
                _ => g.TypingStart(),
            };
            return System.Text.Encoding.UTF8.GetBytes($"{{\"op\":0,\"t\":\"{d.EventName}\",\"s\":{i + 1},\"d\":{DiscordJson.SerializeToUtf8Bytes(d.Payload).AsSpan().ToArray().Length switch { _ => System.Text.Encoding.UTF8.GetString(DiscordJson.SerializeToUtf8Bytes(d.Payload)) }}}}");
        }).ToArray();

        var iterations = options.Quick ? 50_000 : 300_000;
        // Compress as the emulator (and Discord) does: one zlib stream, a sync flush per message.
        var compressed = new byte[iterations][];
        using (var buffer = new MemoryStream())
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var i = 0; i < iterations; i++)
            {
                zlib.Write(frames[i % frames.Length]);
                zlib.Flush();
                compressed[i] = buffer.ToArray();
                buffer.SetLength(0);
            }
        }
        Console.WriteLine($"# ingest-alloc: {iterations:N0} frames, mean inflated {F(frames.Average(f => f.Length))} B, mean compressed {F(compressed.Average(c => c.Length))} B");
        Console.WriteLine("| stage | ns / frame | bytes allocated / frame |");
        Console.WriteLine("|---|---|---|");
        for (var round = 0; round < 2; round++) // the first round warms up (tiered JIT)
        {
            var results = Probe(compressed);
            if (round == 0) continue;
            foreach (var (stage, ns, bytes) in results) Console.WriteLine($"| {stage} | {F(ns)} | {F(bytes)} |");
        }
    }

    private static List<(string Stage, double Ns, double Bytes)> Probe(byte[][] compressed)
    {
        var results = new List<(string, double, double)>();
        var inflatedFrames = new byte[compressed.Length][];

        var time = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        using (var inflater = new ZlibStreamInflater())
        {
            var output = new ArrayBufferWriter<byte>(16 * 1024);
            for (var i = 0; i < compressed.Length; i++)
            {
                output.Clear();
                inflater.TryInflate(compressed[i], output);
                if (i < 4096) inflatedFrames[i] = output.WrittenSpan.ToArray();
            }
        }
        Add("inflate (ZlibStreamInflater)", compressed.Length);

        var sample = inflatedFrames.Where(f => f is not null).ToArray();
        time.Restart();
        allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < compressed.Length; i++)
        {
            using var doc = JsonDocument.Parse(sample[i % sample.Length].AsMemory());
            var root = doc.RootElement;
            root.TryGetProperty("op", out var op);
            op.TryGetInt32(out _);
            root.TryGetProperty("t", out var t);
            root.TryGetProperty("s", out var s);
            s.TryGetInt64(out _);
            _ = t.GetString();
        }
        Add("JsonDocument.Parse + op/t/s (t as string)", compressed.Length);

        time.Restart();
        allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < compressed.Length; i++)
        {
            using var doc = JsonDocument.Parse(sample[i % sample.Length].AsMemory());
            doc.RootElement.TryGetProperty("d", out var d);
            _ = d.Clone();
        }
        Add("JsonDocument.Parse + d.Clone()", compressed.Length);

        time.Restart();
        allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < compressed.Length; i++)
        {
            var reader = new Utf8JsonReader(sample[i % sample.Length]);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) { reader.Read(); if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip(); }
            }
        }
        Add("Utf8JsonReader envelope scan, d skipped", compressed.Length);
        return results;

        void Add(string stage, int n)
        {
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            results.Add((stage, time.Elapsed.TotalNanoseconds / n, bytes / (double)n));
        }
    }
}
