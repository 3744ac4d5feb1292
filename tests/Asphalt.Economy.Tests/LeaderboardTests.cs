using static Asphalt.Economy.Tests.EconomyCluster;

namespace Asphalt.Economy.Tests;

/// <summary>Its own cluster: the global board sees every user of the cluster.</summary>
public sealed class LeaderboardTests(SqliteEconomyFixture fixture) : IClassFixture<SqliteEconomyFixture>
{
    private EconomyCluster Economy => fixture.Economy;

    /// <summary>Reports are one-way; wait (without a time-based assertion) until the board shows what is expected.</summary>
    private async Task<IReadOnlyList<LeaderboardEntry>> EventuallyAsync(long scope, Func<IReadOnlyList<LeaderboardEntry>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var top = await Economy.Leaderboard(scope).GetTopAsync(10);
            if (done(top) || DateTime.UtcNow > deadline) return top;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Global_and_guild_boards_show_the_top_10_by_net_worth_and_replace_one_who_drops_out()
    {
        const long guild = 424_242;
        var users = Enumerable.Range(1, 15).Select(i => (Id: 500_000L + i, Coins: i * 1_000L)).ToList();
        foreach (var (id, coins) in users)
        {
            // Users 1–12 act in the guild, 13–15 elsewhere: they are only on the global board.
            var context = id <= 500_012 ? Key(guild) : Key();
            await Economy.User(id).GrantAsync(context, GrantKind.Staff, coins);
            await Economy.User(id).DepositAsync(Key(), CoinAmount.Of(coins / 2)); // net worth counts the bank too
        }

        var global = await EventuallyAsync(ILeaderboardGrain.Global, t => t.Count == 10 && t[0].UserId == 500_015 && t[^1].UserId == 500_006);
        Assert.Equal(Enumerable.Range(6, 10).Reverse().Select(i => 500_000L + i), global.Select(e => e.UserId));
        Assert.Equal(Enumerable.Range(1, 10), global.Select(e => e.Rank));
        Assert.Equal(15_000, global[0].NetWorth);

        var server = await EventuallyAsync(guild, t => t.Count == 10 && t[0].UserId == 500_012);
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(i => 500_000L + i), server.Select(e => e.UserId));

        // The richest guild member pays almost everything to a user outside the guild: number 11 takes the last place.
        var richest = Economy.User(500_012);
        await richest.WithdrawAsync(Key(), CoinAmount.Everything);
        await richest.PayAsync(Key(), new PayRequest(500_013, 11_990));

        server = await EventuallyAsync(guild, t => t.Count == 10 && t[^1].UserId == 500_002);
        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => 500_000L + i), server.Select(e => e.UserId));
        global = await EventuallyAsync(ILeaderboardGrain.Global, t => t[0].UserId == 500_013 && t[0].NetWorth == 24_990);
        Assert.Equal((500_013L, 24_990L), (global[0].UserId, global[0].NetWorth));
        Assert.DoesNotContain(server, e => e.UserId == 500_012);
    }
}
