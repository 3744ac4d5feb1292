using System.Diagnostics;
using System.Text;
using Asphalt.Grains.Interfaces.Economy;
using Asphalt.Hosting.Clustering;
using Asphalt.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Asphalt.Bench.Measure;

namespace Asphalt.Bench;

/// <summary>
/// Issue 4. /balance and /pay load on the grain path (Orleans client in this process → a real silo
/// process → PostgreSQL) and on a baseline that runs one SQL statement per command on the same
/// PostgreSQL with no state in memory. Open loop at the target rates (throughput, p50/p99), then
/// closed loop at fixed concurrency for the handler alone (throughput and CPU per command of
/// every process involved). /pay is checked against the ledger afterwards.
/// </summary>
public sealed class EconomyLoadBenchmark(BenchOptions options)
{
    private const double BalanceRate = 2_000;
    private const double PayRate = 500;
    private const int Guilds = 100;
    private const long FirstUser = 300_000_000_000_000_000;
    private const long FirstGuild = 400_000_000_000_000_000;
    private const long SeedCoins = 1_000_000_000;

    private readonly StringBuilder _report = new();
    private long _keys = 500_000_000_000;

    private int Users => options.Quick ? 1_000 : 5_000;
    private TimeSpan Duration => TimeSpan.FromSeconds(options.Quick ? 5 : 10);
    private int Runs => options.Quick ? 1 : Math.Max(3, options.Runs / 2 + 1);

    public async Task RunAsync()
    {
        Line($"# economy-load {DateTimeOffset.UtcNow:u}");
        Line($"machine: {Machine()} (shared with other engineers' builds)");
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var siloPorts = SiloPorts.Allocate();
        await using var silo = siloPorts.Start(database.Settings);
        await silo.WaitHealthyAsync(TimeSpan.FromMinutes(2));
        using var client = await ConnectAsync(database, siloPorts);
        var economy = client.Services.GetRequiredService<IClusterClient>();
        await using var sql = NpgsqlDataSource.Create(database.ConnectionString);
        var baseline = new SqlBaseline(sql);
        await baseline.CreateAsync(FirstUser, Users, SeedCoins);

        Line($"users {Users:N0}, guilds {Guilds}, open-loop runs of {Duration.TotalSeconds:0} s, {Runs} runs each (medians); silo pid {silo.Pid}");
        var seed = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Users), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            await economy.GetGrain<IUserEconomyGrain>(FirstUser + i).GrantAsync(new EconomyContext(NextKey()), GrantKind.Staff, SeedCoins));
        Line($"seeded {Users:N0} grains with {SeedCoins:N0} coins in {seed.Elapsed.TotalSeconds:0.0} s (also activates them)");

        var grainBalance = (Func<int, Task>)(i => economy.GetGrain<IUserEconomyGrain>(User(i)).GetBalanceAsync());
        var sqlBalance = (Func<int, Task>)(i => baseline.BalanceAsync(User(i)));
        Func<int, Task> GrainPay(long firstKey) => i =>
        {
            var (from, to) = Pair(i);
            return CheckPay(economy.GetGrain<IUserEconomyGrain>(from).PayAsync(new EconomyContext(firstKey + i, Guild(i)), new PayRequest(to, 1)));
        };
        Func<int, Task> SqlPay(long firstKey) => i =>
        {
            var (from, to) = Pair(i);
            return baseline.PayAsync(from, to, 1, firstKey + i);
        };

        if (!options.SkipEndToEnd) await EndToEndAsync(database, siloPorts);
        if (options.OnlyEndToEnd)
        {
            await client.StopAsync();
            await File.WriteAllTextAsync(Path.Combine(options.ResultsFolder, $"economy-load-e2e-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md"), _report.ToString());
            return;
        }

        Line("");
        Line("## handler alone, open loop at the target rates (latency from when the command was due to when the handler returned)");
        Line("| op | path | run | rate asked /s | done /s | p50 ms | p99 ms | max ms | errors |");
        Line("|---|---|---|---|---|---|---|---|---|");
        var open = new Dictionary<string, List<LoadResult>>();
        for (var run = 1; run <= Runs; run++)
        {
            await OpenAsync(open, "/balance", "grain", run, grainBalance, BalanceRate);
            await OpenAsync(open, "/balance", "sql", run, sqlBalance, BalanceRate);
            var grainKeys = ReserveKeys(PayRate, Duration);
            var r = await OpenAsync(open, "/pay", "grain", run, GrainPay(grainKeys), PayRate);
            await VerifyLedgerAsync(sql, grainKeys, r.Issued, r.Completed, "ledger", "transfer_out", "transfer_in");
            var sqlKeys = ReserveKeys(PayRate, Duration);
            r = await OpenAsync(open, "/pay", "sql", run, SqlPay(sqlKeys), PayRate);
            await VerifyLedgerAsync(sql, sqlKeys, r.Issued, r.Completed, "bench_ledger", "transfer_out", "transfer_in");
        }
        Line("");
        Line("| op | path | median done /s | median p50 ms | median p99 ms |");
        Line("|---|---|---|---|---|");
        foreach (var (key, results) in open)
            Line($"| {key.Replace(" ", " | ", StringComparison.Ordinal)} | {F(Median(results.Select(r => r.Throughput)))} | {F(Median(results.Select(r => r.P50)), "0.0")} | {F(Median(results.Select(r => r.P99)), "0.0")} |");

        Line("");
        Line("## handler alone, closed loop (64 in flight): throughput and CPU per command (bench client + silo + all postgres processes)");
        Line("| op | path | run | done /s | p50 ms | p99 ms | CPU µs / command (client+silo+pg) | errors |");
        Line("|---|---|---|---|---|---|---|---|");
        var closed = new Dictionary<string, List<(double Throughput, double Cpu)>>();
        for (var run = 1; run <= Runs; run++)
        {
            await ClosedAsync(closed, "/balance", "grain", run, grainBalance, silo.Pid);
            await ClosedAsync(closed, "/balance", "sql", run, sqlBalance, silo.Pid);
            var keys = ReserveKeys(5_000, Duration);
            await ClosedAsync(closed, "/pay", "grain", run, GrainPay(keys), silo.Pid);
            keys = ReserveKeys(5_000, Duration);
            await ClosedAsync(closed, "/pay", "sql", run, SqlPay(keys), silo.Pid);
        }
        Line("");
        Line("| op | median grain /s | median sql /s | grain ÷ sql (throughput) | CPU µs/command grain | CPU µs/command sql | sql ÷ grain (CPU) |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var op in new[] { "/balance", "/pay" })
        {
            var g = closed[$"{op} grain"];
            var s = closed[$"{op} sql"];
            var gt = Median(g.Select(x => x.Throughput));
            var st = Median(s.Select(x => x.Throughput));
            var gc = Median(g.Select(x => x.Cpu));
            var sc = Median(s.Select(x => x.Cpu));
            Line($"| {op} | {F(gt)} | {F(st)} | {F(gt / st, "0.00")} | {F(gc)} | {F(sc)} | {F(sc / gc, "0.00")} |");
        }

        Line("");
        Line("## where a /pay goes: closed loop (64 in flight) of cheaper operations on the same grains, CPU per operation (client+silo+pg)");
        Line("| operation | what it does | done /s | p50 ms | p99 ms | CPU µs / op | of which client / silo / postgres | errors |");
        Line("|---|---|---|---|---|---|---|---|");
        var breakdown = new (string Name, string What, Func<long, Func<int, Task>> Op)[]
        {
            ("grant, DM", "1 state write + 1 ledger append (EF Core: SELECT + INSERT)",
                k => i => economy.GetGrain<IUserEconomyGrain>(User(i)).GrantAsync(new EconomyContext(k + i), GrantKind.Staff, 1)),
            ("grant, in a guild", "+ IGuildGrain.GetAsync (settings) + guild leaderboard report",
                k => i => economy.GetGrain<IUserEconomyGrain>(User(i)).GrantAsync(new EconomyContext(k + i, Guild(i)), GrantKind.Staff, 1)),
            ("pay, DM", "3 state writes (debit, credit, settle) + 2 ledger appends",
                k => i => { var (f, t) = Pair(i); return CheckPay(economy.GetGrain<IUserEconomyGrain>(f).PayAsync(new EconomyContext(k + i), new PayRequest(t, 1))); }),
            ("pay, in a guild", "the benchmark's /pay",
                k => i => { var (f, t) = Pair(i); return CheckPay(economy.GetGrain<IUserEconomyGrain>(f).PayAsync(new EconomyContext(k + i, Guild(i)), new PayRequest(t, 1))); }),
        };
        foreach (var (name, what, op) in breakdown)
        {
            var (c0, s0, p0) = SplitCpu(silo.Pid);
            var r = await LoadDriver.ClosedLoopAsync(op(ReserveKeys(5_000, Duration)), 64, Duration);
            var (c1, s1, p1) = SplitCpu(silo.Pid);
            double Per(TimeSpan t) => t.TotalMicroseconds / Math.Max(1, r.Completed);
            var cpu = Per(c1 - c0 + (s1 - s0) + (p1 - p0));
            Line($"| {name} | {what} | {F(r.Throughput)} | {F(r.P50, "0.0")} | {F(r.P99, "0.0")} | {F(cpu)} | {F(Per(c1 - c0))} / {F(Per(s1 - s0))} / {F(Per(p1 - p0))} | {r.Errors} |");
        }
        await using (var size = sql.CreateCommand(
            "SELECT count(*), avg(length(payloadbinary))::bigint, max(length(payloadbinary)) FROM orleansstorage WHERE graintypestring LIKE '%economy%' OR graintypestring LIKE '%Economy%'"))
        await using (var reader = await size.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync() && !reader.IsDBNull(1))
                Line($"\nstored economy states: {reader.GetInt64(0):N0}, mean {reader.GetInt64(1):N0} B, max {reader.GetInt32(2):N0} B (every operation writes the whole state; it holds the answers to the last {256} idempotency keys)");
        }

        await client.StopAsync();
        var file = Path.Combine(options.ResultsFolder, $"economy-load-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, _report.ToString());
        Console.WriteLine($"results: {file}");
    }

    /// <summary>
    /// Emulator (this process) → gateway process → silo → PostgreSQL, and the same through the
    /// bench gateway host whose /balance and /pay run one SQL statement each. Latency = the
    /// emulator's own records: INTERACTION_CREATE created → final callback received.
    /// </summary>
    private async Task EndToEndAsync(PostgresDatabase database, SiloPorts siloPorts)
    {
        Line("");
        Line("## end to end: emulator → gateway process → silo → PostgreSQL (grain) / bench gateway host → PostgreSQL (sql)");
        Line("latency: the emulator's records, INTERACTION_CREATE made → final interaction callback received (p50/p99 ms)");
        Line("| op | path | run | rate asked /s | done /s | p50 ms | p99 ms | max ms | errors |");
        Line("|---|---|---|---|---|---|---|---|---|");
        var users = Enumerable.Range(0, Users).Select(i => new Asphalt.Emulators.Discord.Models.EmulatedUser((ulong)(FirstUser + i), $"user{i}")).ToArray();
        var all = new Dictionary<string, List<LoadResult>>();
        foreach (var path in new[] { "grain", "sql" })
        {
            var token = $"bench-economy-{Guid.NewGuid():N}";
            await using var discord = await Asphalt.Emulators.Discord.DiscordEmulator.StartAsync(new Asphalt.Emulators.Discord.DiscordEmulatorOptions
            {
                BotToken = token, Guilds = Asphalt.Emulators.Discord.Models.GuildGenerator.Generate(4), Users = users,
            });
            IAsyncDisposable gateway;
            if (path == "grain")
            {
                var process = new GatewayPorts(FreePort.Next(), FreePort.Next()).Start(siloPorts, discord.ApiBaseUrl, token, database.Settings);
                gateway = process;
                await process.WaitHealthyAsync(TimeSpan.FromMinutes(2));
            }
            else
            {
                gateway = GatewayHostProcess.Start(discord.ApiBaseUrl, token, discord.RecommendedShards, guildCache: false,
                    settings: new Dictionary<string, string> { ["Bench:Economy"] = "sql", ["Bench:ConnectionString"] = database.ConnectionString });
            }
            await using (gateway)
            {
                for (var shard = 0; shard < discord.RecommendedShards; shard++) await discord.WaitForConnectionAsync(shard, TimeSpan.FromMinutes(1));
                await discord.Log.CommandRegistrations.WaitForAsync(_ => true, TimeSpan.FromMinutes(1));
                var guilds = discord.Guilds;
                // Low rates first, then up to the target: what the path sustains before it is overloaded; 1 run per step.
                foreach (var divisor in new[] { 20, 4, 1 })
                {
                    var run = divisor;
                    foreach (var (op, targetRate) in new[] { ("/balance", BalanceRate), ("/pay", PayRate) })
                    {
                        var rate = targetRate / divisor;
                        var recorded = new System.Collections.Concurrent.ConcurrentBag<double>();
                        var r = await LoadDriver.OpenLoopAsync(async i =>
                        {
                            var guild = guilds[i % guilds.Count].Id;
                            Asphalt.Emulators.Discord.Control.EmulatedInteraction interaction;
                            if (op == "/balance")
                            {
                                interaction = await discord.SendSlashCommandAsync(guild, (ulong)User(i), "balance");
                            }
                            else
                            {
                                var (from, to) = Pair(i);
                                interaction = await discord.SendSlashCommandAsync(guild, (ulong)from, "pay",
                                    [Asphalt.Emulators.Discord.Models.CommandOptionValue.User("user", (ulong)to), Asphalt.Emulators.Discord.Models.CommandOptionValue.Integer("amount", 1)]);
                            }
                            var reply = await interaction.WaitForFinalReplyAsync(TimeSpan.FromSeconds(15));
                            var text = reply.Message?.ToJsonString() ?? "";
                            if (op == "/pay" && !text.Contains("You paid", StringComparison.Ordinal)) throw new InvalidOperationException("pay refused: " + text[..Math.Min(200, text.Length)]);
                            recorded.Add((reply.At - interaction.CreatedAt).TotalMilliseconds);
                        }, rate, Duration);
                        var latencies = recorded.Order().ToArray();
                        var e2e = r with { LatenciesMs = latencies };
                        var key = $"{op} {path} {F(rate)}/s";
                        if (!all.TryGetValue(key, out var list)) all[key] = list = [];
                        list.Add(e2e);
                        if (r.Errors > 0 && gateway is AsphaltProcess failing)
                            Console.WriteLine($"gateway after {op} at {F(rate)}/s (exited: {failing.HasExited}), last lines:\n" +
                                string.Join('\n', failing.Output.Split('\n').TakeLast(15)));
                        Line($"| {op} | {path} | step ÷{run} | {F(rate)} | {F(e2e.Throughput)} | {F(e2e.P50, "0.0")} | {F(e2e.P99, "0.0")} | {F(e2e.Max, "0.0")} | {r.Errors}{(r.FirstError is null ? "" : $" ({r.FirstError})")} |");
                    }
                }
            }
        }
        Line("");
        Line("| op | rate asked /s | grain done /s | sql done /s | grain p99 ms | sql p99 ms | grain ÷ sql (done /s) |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var (op, targetRate) in new[] { ("/balance", BalanceRate), ("/pay", PayRate) })
            foreach (var divisor in new[] { 20, 4, 1 })
            {
                var rate = F(targetRate / divisor);
                var g = all[$"{op} grain {rate}/s"][0];
                var q = all[$"{op} sql {rate}/s"][0];
                Line($"| {op} | {rate} | {F(g.Throughput)} | {F(q.Throughput)} | {F(g.P99, "0.0")} | {F(q.P99, "0.0")} | {F(g.Throughput / q.Throughput, "0.00")} |");
            }
    }

    private async Task<LoadResult> OpenAsync(Dictionary<string, List<LoadResult>> all, string op, string path, int run, Func<int, Task> operation, double rate)
    {
        var r = await LoadDriver.OpenLoopAsync(operation, rate, Duration);
        var key = $"{op} {path}";
        if (!all.TryGetValue(key, out var list)) all[key] = list = [];
        list.Add(r);
        Line($"| {op} | {path} | {run} | {F(rate)} | {F(r.Throughput)} | {F(r.P50, "0.0")} | {F(r.P99, "0.0")} | {F(r.Max, "0.0")} | {r.Errors}{(r.FirstError is null ? "" : $" ({r.FirstError})")} |");
        return r;
    }

    private async Task ClosedAsync(Dictionary<string, List<(double, double)>> all, string op, string path, int run, Func<int, Task> operation, int siloPid)
    {
        var cpuBefore = TotalCpu(siloPid);
        var r = await LoadDriver.ClosedLoopAsync(operation, 64, Duration);
        var cpu = (TotalCpu(siloPid) - cpuBefore).TotalMicroseconds / Math.Max(1, r.Completed);
        var key = $"{op} {path}";
        if (!all.TryGetValue(key, out var list)) all[key] = list = [];
        list.Add((r.Throughput, cpu));
        Line($"| {op} | {path} | {run} | {F(r.Throughput)} | {F(r.P50, "0.0")} | {F(r.P99, "0.0")} | {F(cpu)} | {r.Errors}{(r.FirstError is null ? "" : $" ({r.FirstError})")} |");
    }

    private static TimeSpan TotalCpu(int siloPid)
    {
        var (client, silo, postgres) = SplitCpu(siloPid);
        return client + silo + postgres;
    }

    /// <summary>CPU of this process, of the silo and of every postgres process.</summary>
    private static (TimeSpan Client, TimeSpan Silo, TimeSpan Postgres) SplitCpu(int siloPid)
    {
        var total = TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres") total += CpuTime(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return (CpuTime(Environment.ProcessId), CpuTime(siloPid), total);
    }

    private async Task VerifyLedgerAsync(NpgsqlDataSource sql, long firstKey, int issued, int completed, string table, string outKind, string inKind)
    {
        await using var command = sql.CreateCommand(
            $"SELECT kind, count(*) FROM {table} WHERE idempotency_key >= $1 AND idempotency_key < $2 AND kind IN ('{outKind}', '{inKind}') GROUP BY kind");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = firstKey });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = firstKey + issued });
        var counts = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        var outs = counts.GetValueOrDefault(outKind);
        var ins = counts.GetValueOrDefault(inKind);
        var ok = outs == completed && ins == completed;
        Line($"|  | ledger check ({table}) | | | {completed:N0} transfers answered | {outs:N0} {outKind} | {ins:N0} {inKind} | {(ok ? "all in the ledger" : "MISMATCH")} | |");
    }

    private static async Task CheckPay(Task<EconomyResult> pay)
    {
        var result = await pay;
        if (!result.Succeeded || result.Transfer != TransferStatus.Completed)
            throw new InvalidOperationException($"pay: {result.Outcome} {result.Transfer}");
    }

    private long ReserveKeys(double rate, TimeSpan duration)
    {
        var count = (long)(rate * duration.TotalSeconds * 4) + 1_000;
        return Interlocked.Add(ref _keys, count) - count;
    }

    private long NextKey() => Interlocked.Increment(ref _keys);

    private long User(int i) => FirstUser + (long)((uint)(i * 2_654_435_761u) % (uint)Users);

    private (long From, long To) Pair(int i)
    {
        var from = (int)((uint)(i * 2_654_435_761u) % (uint)Users);
        var to = (from + 1 + (int)((uint)(i * 40_503u) % (uint)(Users - 1))) % Users;
        return (FirstUser + from, FirstUser + to);
    }

    private static long Guild(int i) => FirstGuild + i % Guilds;

    private static async Task<IHost> ConnectAsync(PostgresDatabase database, SiloPorts silo)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(database.Settings)
        {
            [$"{AsphaltClusterOptions.Section}:GatewayPort"] = silo.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.UseOrleansClient(c => c.UseAsphaltClustering(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private void Line(string text)
    {
        Console.WriteLine(text);
        _report.AppendLine(text);
    }
}

/// <summary>
/// The baseline: no state in memory, one SQL statement per command. /pay moves the coins and
/// writes both ledger rows in one statement (atomic); both rows are updated by one UPDATE … IN,
/// so concurrent opposite payments lock in key order and cannot deadlock.
/// </summary>
public sealed class SqlBaseline(NpgsqlDataSource sql)
{
    public async Task CreateAsync(long firstUser, int users, long coins)
    {
        await using var create = sql.CreateCommand("""
            CREATE TABLE IF NOT EXISTS bench_balances (user_id bigint PRIMARY KEY, wallet bigint NOT NULL CHECK (wallet >= 0), bank bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS bench_ledger (id bigserial PRIMARY KEY, user_id bigint NOT NULL, kind varchar(32) NOT NULL, wallet_delta bigint NOT NULL,
                counterparty_id bigint, idempotency_key bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (user_id, idempotency_key, kind));
            TRUNCATE bench_balances, bench_ledger;
            """);
        await create.ExecuteNonQueryAsync();
        await using var seed = sql.CreateCommand("INSERT INTO bench_balances SELECT $1 + g, $3, 0 FROM generate_series(0, $2 - 1) g");
        seed.Parameters.Add(new NpgsqlParameter<long> { TypedValue = firstUser });
        seed.Parameters.Add(new NpgsqlParameter<int> { TypedValue = users });
        seed.Parameters.Add(new NpgsqlParameter<long> { TypedValue = coins });
        await seed.ExecuteNonQueryAsync();
        await using var analyze = sql.CreateCommand("ANALYZE bench_balances");
        await analyze.ExecuteNonQueryAsync();
    }

    public async Task BalanceAsync(long user)
    {
        await using var command = sql.CreateCommand("SELECT wallet, bank FROM bench_balances WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = user });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException($"no balance for {user}");
        _ = (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task PayAsync(long from, long to, long amount, long key)
    {
        await using var command = sql.CreateCommand("""
            WITH moved AS (
                UPDATE bench_balances SET wallet = wallet + CASE WHEN user_id = $1 THEN -$3 ELSE $3 END
                WHERE user_id IN ($1, $2) AND EXISTS (SELECT 1 FROM bench_balances WHERE user_id = $1 AND wallet >= $3)
                RETURNING user_id)
            INSERT INTO bench_ledger (user_id, kind, wallet_delta, counterparty_id, idempotency_key)
            SELECT user_id, CASE WHEN user_id = $1 THEN 'transfer_out' ELSE 'transfer_in' END, CASE WHEN user_id = $1 THEN -$3 ELSE $3 END,
                   CASE WHEN user_id = $1 THEN $2 ELSE $1 END, $4
            FROM moved
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = amount });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        var rows = await command.ExecuteNonQueryAsync();
        if (rows != 2) throw new InvalidOperationException($"pay {from} → {to}: {rows} ledger rows");
    }
}
