using Asphalt.Grains.Ports;
using Asphalt.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Asphalt.Economy.Tests.EconomyCluster;

namespace Asphalt.Economy.Tests;

/// <summary>The ledger on the PostgreSQL profile: what is written, exactly once, and the invariants under load.</summary>
public sealed class LedgerTests(PostgresEconomyFixture database) : IClassFixture<PostgresEconomyFixture>
{
    private EconomyCluster Economy => database.Economy;
    private Ledger Ledger => database.Ledger;
    private static long _users = 20_000;

    private static long NewUser() => Interlocked.Increment(ref _users);

    [Fact]
    public async Task Every_balance_change_writes_one_ledger_row_with_what_changed_and_the_balance_after()
    {
        var (id, other) = (NewUser(), NewUser());
        var user = Economy.User(id);
        var vote = Key(guildId: 77);
        var deposit = Key();
        var pay = Key();
        await user.GrantAsync(vote, GrantKind.Vote, 1_000);
        await user.DepositAsync(deposit, CoinAmount.Of(400));
        await user.PayAsync(pay, new PayRequest(other, 100));
        await user.BuyAsync(Key(), "coffee", 1);
        await user.CoinflipAsync(Key(), 1_000, CoinSide.Heads); // refused: only 250 in the wallet — no row

        var rows = await Ledger.RowsAsync(id);

        Assert.Equal(
        [
            new Ledger.Row(id, 1, "vote", 1_000, 0, 1_000, 0, null, vote.IdempotencyKey, 77),
            new Ledger.Row(id, 2, "deposit", -400, 400, 600, 400, null, deposit.IdempotencyKey, null),
            new Ledger.Row(id, 3, "transfer_out", -100, 0, 500, 400, other, pay.IdempotencyKey, null),
        ], rows.Take(3));
        Assert.Equal(("purchase", -250L, 250L), (rows[3].Kind, rows[3].WalletDelta, rows[3].WalletAfter));
        Assert.Equal(4, rows.Count);
        Assert.Equal([new Ledger.Row(other, 1, "transfer_in", 100, 0, 100, 0, id, pay.IdempotencyKey, null)], await Ledger.RowsAsync(other));
    }

    [Fact]
    public async Task Writing_the_same_ledger_rows_again_is_harmless_and_writes_only_the_new_ones()
    {
        var store = new ServiceCollection().AddAsphaltRecords(database.Configuration).BuildServiceProvider().GetRequiredService<ILedgerStore>();
        var user = NewUser();
        LedgerEntry Entry(long seq) => new(user, seq, LedgerKind.Vote, 10, 0, 10 * seq, 0, null, 9_000 + seq, null, DateTimeOffset.UtcNow);

        try
        {
            await store.AppendAsync([Entry(1), Entry(2)]);
            await store.AppendAsync([Entry(1), Entry(2)]);
            await store.AppendAsync([Entry(2), Entry(3)]);

            Assert.Equal([1L, 2L, 3L], (await Ledger.RowsAsync(user)).Select(r => r.Seq));
        }
        finally
        {
            // These rows belong to no grain; the invariant checks of the other tests see every row.
            await Ledger.ExecuteAsync($"DELETE FROM ledger WHERE user_id = {user}");
        }
    }

    [Fact]
    public async Task Rows_that_could_not_be_written_stay_in_the_outbox_and_are_written_at_the_next_activation()
    {
        var id = NewUser();
        var user = Economy.User(id);
        await user.GrantAsync(Key(), GrantKind.Vote, 500);

        await Ledger.ExecuteAsync("ALTER TABLE ledger RENAME TO ledger_offline");
        EconomyResult deposit;
        Settlement stuck;
        try
        {
            deposit = await user.DepositAsync(Key(), CoinAmount.Of(200)); // committed in the grain, the ledger is away
            stuck = await user.SettleAsync();
            await Economy.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }
        finally
        {
            await Ledger.ExecuteAsync("ALTER TABLE ledger_offline RENAME TO ledger");
        }

        Assert.True(deposit.Succeeded);
        Assert.Equal(1, stuck.UnwrittenLedgerEntries);
        Assert.Equal([1L], (await Ledger.RowsAsync(id)).Select(r => r.Seq));

        Assert.Equal(new Balance(300, 200), await user.GetBalanceAsync()); // activates: the stored outbox is flushed first
        var rows = await Ledger.RowsAsync(id);
        Assert.Equal(["vote", "deposit"], rows.Select(r => r.Kind));
        Assert.Equal((300L, 200L), (rows[^1].WalletAfter, rows[^1].BankAfter));
    }

    [Fact]
    public async Task A_randomized_workload_with_duplicate_deliveries_keeps_every_invariant()
    {
        var users = Enumerable.Range(0, 20).Select(_ => NewUser()).ToArray();
        var random = new Random(4711);
        var items = new[] { "coffee", "alarm_clock", "coin_pouch", "time_crystal" };
        foreach (var u in users) await Economy.User(u).GrantAsync(Key(), GrantKind.Vote, random.Next(0, 5_000) + 1);

        for (var round = 0; round < 30; round++)
        {
            var calls = new List<Func<Task<EconomyResult>>>();
            for (var i = 0; i < 20; i++)
            {
                var user = Economy.User(users[random.Next(users.Length)]);
                var key = Key(guildId: random.Next(3) == 0 ? 900 + random.Next(3) : null);
                var amount = (long)random.Next(1, 3_000);
                var target = users[random.Next(users.Length)];
                var item = items[random.Next(items.Length)];
                Func<Task<EconomyResult>> call = random.Next(12) switch
                {
                    0 => () => user.ClaimDailyAsync(key),
                    1 => () => user.ClaimWeeklyAsync(key),
                    2 => () => user.WorkAsync(key),
                    3 => () => user.DepositAsync(key, random.Next(4) == 0 ? CoinAmount.Everything : CoinAmount.Of(amount)),
                    4 => () => user.WithdrawAsync(key, random.Next(4) == 0 ? CoinAmount.Everything : CoinAmount.Of(amount)),
                    5 or 6 => () => user.PayAsync(key, new PayRequest(target, amount)),
                    7 => () => user.CoinflipAsync(key, Math.Max(10, amount / 3), (CoinSide)(amount % 2)),
                    8 => () => user.SlotsAsync(key, Math.Max(10, amount / 5)),
                    9 => () => user.BuyAsync(key, item, 1 + (int)(amount % 3)),
                    10 => () => user.UseAsync(key, item),
                    _ => () => user.GrantAsync(key, GrantKind.Vote, amount),
                };
                calls.Add(call);
                if (random.Next(5) == 0) calls.Add(call); // delivered twice, concurrently: must act once
            }
            var results = await Task.WhenAll(calls.Select(c => c()));
            Assert.DoesNotContain(results, r => r.Outcome == EconomyOutcome.KeyReused);
            Economy.Clock.Advance(TimeSpan.FromHours(random.Next(0, 40)));
        }

        var balances = new Dictionary<long, Balance>();
        foreach (var u in users)
        {
            var settled = await Economy.User(u).SettleAsync();
            Assert.Equal((0, 0), (settled.PendingTransfers, settled.UnwrittenLedgerEntries));
            balances[u] = settled.Balance;
        }
        await AssertInvariantsForAsync(balances);
    }

    [Fact]
    public async Task A_hundred_concurrent_pays_from_one_user_never_overdraw()
    {
        var sender = NewUser();
        var receivers = Enumerable.Range(0, 10).Select(_ => NewUser()).ToArray();
        await Economy.User(sender).GrantAsync(Key(), GrantKind.Vote, 1_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Economy.User(sender).PayAsync(Key(), new PayRequest(receivers[i % receivers.Length], 15))));

        Assert.Equal(66, results.Count(r => r.Succeeded)); // 66 × 15 = 990 ≤ 1,000 < 67 × 15
        Assert.Equal(34, results.Count(r => r.Outcome == EconomyOutcome.InsufficientFunds));
        Assert.All(results, r => Assert.True(r.Balance.Wallet >= 0));
        Assert.Equal(new Balance(10, 0), await Economy.User(sender).GetBalanceAsync());
        long received = 0;
        foreach (var r in receivers) received += (await Economy.User(r).GetBalanceAsync()).Wallet;
        Assert.Equal(990, received);

        var balances = new Dictionary<long, Balance> { [sender] = new(10, 0) };
        foreach (var r in receivers) balances[r] = await Economy.User(r).GetBalanceAsync();
        await AssertInvariantsForAsync(balances);
    }

    /// <summary>The invariants over every user this class has touched (the database is the class's own).</summary>
    private async Task AssertInvariantsForAsync(IDictionary<long, Balance> some)
    {
        var all = new Dictionary<long, Balance>(some);
        foreach (var user in (await Ledger.RowsAsync()).Select(r => r.UserId).Distinct().Where(u => !all.ContainsKey(u)))
        {
            var settled = await Economy.User(user).SettleAsync();
            all[user] = settled.Balance;
        }
        await Ledger.AssertInvariantsAsync(all);
    }
}
