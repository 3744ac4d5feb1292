using System.Collections.Concurrent;
using Asphalt.Tests.Support;
using Orleans.Runtime;
using Xunit.Abstractions;
using static Asphalt.Economy.Tests.EconomyCluster;

namespace Asphalt.Economy.Tests;

/// <summary>Three silos on real ADO.NET membership, grain state, reminders and ledger on PostgreSQL.</summary>
public sealed class TransferFailoverTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Users = 24;
    private const long Seed = 10_000;
    private const int Pays = 400;
    private const int Workers = 6;
    private const int KillAfter = 100;

    private sealed record Pay(long Key, long From, long To, long Amount, EconomyResult Result);

    [Fact]
    public async Task Pay_is_atomic_when_a_silo_dies_in_the_middle_of_a_stream_of_transfers()
    {
        var settings = new Dictionary<string, string?>(AsphaltTestCluster.FastFailureDetection) { ["Orleans:ServiceId"] = "economy-failover" };
        await using var economy = await EconomyCluster.StartAsync(database.Settings, settings, silos: 3, realMembership: true);
        var cluster = economy.Cluster;
        await cluster.WaitForLivenessToStabilizeAsync();
        var users = Enumerable.Range(1, Users).Select(i => 3_000_000L + i).ToArray();
        foreach (var u in users) Assert.True((await economy.User(u).GrantAsync(Key(), GrantKind.Vote, Seed)).Succeeded);

        // The victim is the silo that hosts the most of these users, so the stream is sure to run into it.
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var hosts = new List<SiloAddress>();
        foreach (var u in users) hosts.Add((await management.GetActivationAddress(economy.User(u)))!);
        var victimAddress = hosts.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(victimAddress));

        var done = new ConcurrentBag<Pay>();
        var failedAttempts = 0;
        var completed = 0;
        var killed = new TaskCompletionSource();
        var remaining = Pays;
        async Task WorkerAsync(int seed)
        {
            var random = new Random(seed);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var from = users[random.Next(Users)];
                var to = users[random.Next(Users)];
                if (to == from) to = users[(Array.IndexOf(users, from) + 1) % Users];
                var context = Key();
                var request = new PayRequest(to, random.Next(1, 2_500));
                // A caller that does not know whether its call took effect retries it with the same key.
                var result = await RetryAsync(() => economy.User(from).PayAsync(context, request), () => Interlocked.Increment(ref failedAttempts));
                done.Add(new Pay(context.IdempotencyKey, from, to, request.Amount, result));
                if (Interlocked.Increment(ref completed) == KillAfter) killed.TrySetResult();
            }
        }
        var stream = Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(w))));
        await Task.WhenAny(killed.Task, stream);
        await cluster.KillSiloAsync(victim);
        var completedAtKill = Volatile.Read(ref completed);
        await stream;

        Assert.True(completedAtKill < Pays, "the silo must die while the stream is still running");
        Assert.True(failedAttempts > 0, "some calls must have run into the dead silo");
        Assert.Equal(Pays, done.Count);
        Assert.All(done, p => Assert.True(p.Result.Outcome is EconomyOutcome.Succeeded or EconomyOutcome.InsufficientFunds, $"{p}"));

        // Everything still pending (debited, not yet credited) is finished by the survivors. Settling
        // one user can credit another, so: settle everybody until a whole pass finds nothing
        // pending, and only then read the balances.
        var pendingAfterStream = 0;
        foreach (var u in users) pendingAfterStream += (await RetryAsync(() => economy.User(u).GetProfileAsync(), () => { })).PendingTransfers;
        var passes = 0;
        for (var busy = true; busy; passes++)
        {
            Assert.True(passes < 100, "transfers are still pending after 100 settlement passes");
            busy = false;
            foreach (var u in users)
            {
                var s = await RetryAsync(() => economy.User(u).SettleAsync(), () => { });
                busy |= s.PendingTransfers > 0 || s.UnwrittenLedgerEntries > 0;
            }
            if (busy) await Task.Delay(200);
        }
        var balances = new Dictionary<long, Balance>();
        var entries = new Dictionary<long, long>();
        foreach (var u in users)
        {
            var settled = await economy.User(u).SettleAsync();
            Assert.Equal((0, 0), (settled.PendingTransfers, settled.UnwrittenLedgerEntries));
            balances[u] = settled.Balance;
            entries[u] = settled.LedgerEntries;
        }

        output.WriteLine($"killed {victimAddress} hosting {hosts.Count(h => h.Equals(victimAddress))} of {Users} users after {completedAtKill} pays; " +
                         $"{failedAttempts} failed attempts retried; {done.Count(p => p.Result.Replayed)} answers were replays; " +
                         $"{done.Count(p => p.Result.Transfer == TransferStatus.Pending)} pays answered pending; {pendingAfterStream} still pending after the stream");
        var ledger = new Ledger(database.ConnectionString);
        var rows = await ledger.RowsAsync();
        foreach (var (u, b) in balances.Where(ub => rows.Where(r => r.UserId == ub.Key).Sum(r => r.WalletDelta + r.BankDelta) != ub.Value.NetWorth))
        {
            output.WriteLine($"user {u}: grain says {b} after {entries[u]} ledger entries; its last ledger rows:");
            foreach (var r in rows.Where(r => r.UserId == u).TakeLast(3)) output.WriteLine($"  {r}");
        }
        if (balances.Values.Sum(b => b.NetWorth) != Users * Seed)
            foreach (var line in economy.Log) output.WriteLine(line);
        Assert.Equal(Users * Seed, balances.Values.Sum(b => b.NetWorth)); // no coin created or lost
        await ledger.AssertInvariantsAsync(balances);
        var succeeded = done.Where(p => p.Result.Succeeded).ToList();
        // Each accepted pay moved coins exactly once: one debit under its key, and nothing for refused ones.
        Assert.Equal(succeeded.Select(p => (p.From, p.Key, p.Amount)).Order(),
            rows.Where(r => r.Kind == "transfer_out").Select(r => (r.UserId, r.IdempotencyKey, -r.WalletDelta)).Order());
        Assert.Equal(succeeded.Select(p => (p.To, p.Key, p.Amount)).Order(),
            rows.Where(r => r.Kind == "transfer_in").Select(r => (r.UserId, r.IdempotencyKey, r.WalletDelta)).Order());
    }

    /// <summary>Calls until the call succeeds: the cluster needs a few seconds to notice the death.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, Action onFailure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try { return await call(); }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                onFailure();
                await Task.Delay(200);
            }
        }
    }
}
