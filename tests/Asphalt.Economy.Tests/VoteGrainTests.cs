using Asphalt.Grains.Interfaces.Votes;
using Asphalt.Grains.Ports;
using Asphalt.Grains.Votes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Asphalt.Economy.Tests;

/// <summary>
/// VotesGrain on PostgreSQL (votes table, ledger, ADO.NET grain state): every vote is recorded once
/// and credited once, whatever is retried, in parallel or after a crash. Default rewards: 250 coins
/// per weight, +25 per consecutive voting day.
/// </summary>
public sealed class VoteGrainTests(PostgresEconomyFixture database) : IClassFixture<PostgresEconomyFixture>
{
    private static long _users = 500_000_000_000_000_000;
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TwelveHours = TimeSpan.FromHours(12);

    private EconomyCluster Economy => database.Economy;
    private static long NewUser() => Interlocked.Increment(ref _users);
    private IVotesGrain Votes(long user) => Economy.Cluster.Client.GetGrain<IVotesGrain>(user);

    private IVoteStore Store => ((InProcessSiloHandle)Economy.Cluster.Primary!).SiloHost.Services.GetRequiredService<IVoteStore>();

    private static VoteEvent Vote(long user, string? id = null, DateTimeOffset? at = null, int weight = 1, string source = "topgg-v1", TimeSpan? cooldown = null)
    {
        var received = at ?? Day1;
        return new VoteEvent(id ?? $"{source}:{Guid.NewGuid():N}", source, user, 1_100_000_000_000_000_001, null, weight, false, weight > 1,
            received, received, null, (int)(cooldown ?? TwelveHours).TotalSeconds);
    }

    private async Task<IReadOnlyList<Ledger.Row>> VoteRowsAsync(long user) =>
        (await database.Ledger.RowsAsync(user)).Where(r => r.Kind == "vote").ToList();

    [Fact]
    public async Task A_vote_credits_coins_times_weight_with_one_ledger_row_of_kind_vote()
    {
        var user = NewUser();
        var vote = Vote(user, weight: 2);

        var receipt = await Votes(user).RecordAsync(vote);

        Assert.Equal((VoteOutcome.Credited, 500L, 1), (receipt.Outcome, receipt.Reward, receipt.Streak));
        Assert.Equal(new Balance(500, 0), await Economy.User(user).GetBalanceAsync());
        var row = Assert.Single(await VoteRowsAsync(user));
        Assert.Equal((500L, VotesGrain.IdempotencyKey(vote.Id)), (row.WalletDelta, row.IdempotencyKey));
        var stored = await Store.FindAsync(vote.Id);
        Assert.Equal(VoteRecordStatus.Credited, stored!.Status);
        Assert.Equal(vote, VoteEventJson.Deserialize(stored.Event));
    }

    [Fact]
    public async Task Ten_deliveries_of_the_same_vote_credit_it_once()
    {
        var user = NewUser();
        var vote = Vote(user);

        var outcomes = new List<VoteOutcome>();
        for (var i = 0; i < 10; i++) outcomes.Add((await Votes(user).RecordAsync(vote with { ReceivedAt = vote.ReceivedAt.AddSeconds(i) })).Outcome);

        Assert.Equal([VoteOutcome.Credited, .. Enumerable.Repeat(VoteOutcome.Duplicate, 9)], outcomes);
        Assert.Equal(250, (await Economy.User(user).GetBalanceAsync()).Wallet);
        Assert.Single(await VoteRowsAsync(user));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_vote_credit_it_once()
    {
        var user = NewUser();
        var vote = Vote(user);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Votes(user).RecordAsync(vote))));

        Assert.Single(receipts, r => r.Outcome == VoteOutcome.Credited);
        Assert.Equal(9, receipts.Count(r => r.Outcome == VoteOutcome.Duplicate));
        Assert.Equal(250, (await Economy.User(user).GetBalanceAsync()).Wallet);
        Assert.Single(await VoteRowsAsync(user));
    }

    [Fact]
    public async Task A_vote_recorded_before_a_crash_but_never_credited_is_credited_once_by_the_retry()
    {
        var user = NewUser();
        var vote = Vote(user);
        // What a gateway/silo crash between the insert and the grant leaves behind: a pending row.
        Assert.True(await Store.TryInsertAsync(Pending(vote, reward: 250)));

        var retry = await Votes(user).RecordAsync(vote);
        var again = await Votes(user).RecordAsync(vote);

        Assert.Equal((VoteOutcome.Credited, VoteOutcome.Duplicate), (retry.Outcome, again.Outcome));
        Assert.Equal(250, (await Economy.User(user).GetBalanceAsync()).Wallet);
        Assert.Single(await VoteRowsAsync(user));
        Assert.Equal(VoteRecordStatus.Credited, (await Store.FindAsync(vote.Id))!.Status);
    }

    [Fact]
    public async Task A_vote_credited_before_a_crash_but_not_marked_is_not_paid_again_by_the_retry()
    {
        var user = NewUser();
        var vote = Vote(user);
        // The crash came after the economy committed the grant and before the row was marked credited.
        Assert.True(await Store.TryInsertAsync(Pending(vote, reward: 250)));
        Assert.True((await Economy.User(user).GrantAsync(new EconomyContext(VotesGrain.IdempotencyKey(vote.Id)), GrantKind.Vote, 250)).Succeeded);

        var retry = await Votes(user).RecordAsync(vote);

        Assert.Equal(VoteOutcome.Credited, retry.Outcome);
        Assert.Equal(250, (await Economy.User(user).GetBalanceAsync()).Wallet);
        Assert.Single(await VoteRowsAsync(user));
        Assert.Equal(VoteRecordStatus.Credited, (await Store.FindAsync(vote.Id))!.Status);
    }

    [Fact]
    public async Task A_pending_vote_whose_site_never_retried_is_credited_with_the_users_next_vote()
    {
        var user = NewUser();
        var lost = Vote(user, source: "dbl");
        Assert.True(await Store.TryInsertAsync(Pending(lost, reward: 250)));

        var next = await Votes(user).RecordAsync(Vote(user, source: "topgg"));

        Assert.Equal(VoteOutcome.Credited, next.Outcome);
        Assert.Equal(VoteRecordStatus.Credited, (await Store.FindAsync(lost.Id))!.Status);
        Assert.Equal(2, (await VoteRowsAsync(user)).Count);
    }

    [Fact]
    public async Task A_keyless_retry_that_straddles_a_window_boundary_is_the_same_vote_but_the_next_real_vote_is_not()
    {
        var user = NewUser();
        var boundary = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero); // 6-hour windows of a 12-hour cooldown
        VoteEvent Keyless(DateTimeOffset at) => Vote(user, id: $"dbl:{user}:w{at.ToUnixTimeSeconds() / (6 * 3600)}", at: at, source: "dbl");

        var first = await Votes(user).RecordAsync(Keyless(boundary.AddMinutes(-3)));
        var retry = await Votes(user).RecordAsync(Keyless(boundary.AddMinutes(14)));
        var nextVote = await Votes(user).RecordAsync(Keyless(boundary.AddMinutes(-3) + TwelveHours));

        Assert.NotEqual(Keyless(boundary.AddMinutes(-3)).Id, Keyless(boundary.AddMinutes(14)).Id);
        Assert.Equal((VoteOutcome.Credited, VoteOutcome.Duplicate, VoteOutcome.Credited), (first.Outcome, retry.Outcome, nextVote.Outcome));
        Assert.Equal(2, (await VoteRowsAsync(user)).Count);
    }

    [Fact]
    public async Task Consecutive_voting_days_grow_the_streak_bonus_and_a_missed_day_resets_it()
    {
        var user = NewUser();

        var rewards = new List<(long Reward, int Streak)>();
        // day 1; day 2 on two sites (the same day's streak); day 3; then day 4 is missed.
        foreach (var (day, source) in new[] { (0, "topgg"), (1, "topgg"), (1, "discords"), (2, "topgg"), (4, "topgg") })
        {
            var receipt = await Votes(user).RecordAsync(Vote(user, at: Day1.AddDays(day), source: source));
            rewards.Add((receipt.Reward, receipt.Streak));
        }

        Assert.Equal([(250L, 1), (275L, 2), (275L, 2), (300L, 3), (250L, 1)], rewards);
        Assert.Equal(250 + 275 + 275 + 300 + 250, (await Economy.User(user).GetBalanceAsync()).Wallet);
    }

    [Fact]
    public async Task Status_shows_the_streak_and_when_each_site_allows_the_next_vote()
    {
        var user = NewUser();
        var at = EconomyCluster.Start.AddHours(-1); // the cluster's clock is at EconomyCluster.Start
        await Votes(user).RecordAsync(Vote(user, at: at.AddDays(-1), source: "topgg"));
        await Votes(user).RecordAsync(Vote(user, at: at, source: "topgg"));
        await Votes(user).RecordAsync(Vote(user, at: at, source: "discords", cooldown: TimeSpan.FromHours(24)));

        var status = await Votes(user).GetStatusAsync();

        Assert.Equal(2, status.Streak);
        Assert.Equal([("discords", at.AddHours(24)), ("topgg", at + TwelveHours)], status.Sources.Select(s => (s.Source, s.NextVoteAt)));
        Assert.Equal(0, (await Votes(NewUser()).GetStatusAsync()).Streak);
    }

    [Fact]
    public async Task Test_votes_and_votes_of_another_user_are_refused_and_change_nothing()
    {
        var user = NewUser();

        var test = await Votes(user).RecordAsync(Vote(user) with { IsTest = true });
        var other = await Votes(user).RecordAsync(Vote(NewUser()));
        var weightless = await Votes(user).RecordAsync(Vote(user) with { Weight = 0 });

        Assert.All([test, other, weightless], r => Assert.Equal(VoteOutcome.Invalid, r.Outcome));
        Assert.Equal(0, (await Economy.User(user).GetBalanceAsync()).Wallet);
        Assert.Empty(await Store.RecentAsync(user, 10));
    }

    private static VoteRecord Pending(VoteEvent vote, long reward) => new(vote.Id, vote.Source, vote.UserId, vote.BotId, vote.GuildId,
        vote.Weight, vote.IsWeekend, vote.VotedAt, vote.ReceivedAt, vote.CooldownSeconds, 1, 0, reward, VotesGrain.IdempotencyKey(vote.Id),
        VoteRecordStatus.Pending, null, null, VoteEventJson.Serialize(vote));
}
