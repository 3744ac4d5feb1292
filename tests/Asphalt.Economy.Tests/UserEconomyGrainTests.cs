using Asphalt.Grains.Interfaces.Guilds;
using static Asphalt.Economy.Tests.EconomyCluster;

namespace Asphalt.Economy.Tests;

/// <summary>Every operation's success and refusal paths, on the embedded (SQLite) profile, with the default configuration.</summary>
public sealed class UserEconomyGrainTests(SqliteEconomyFixture fixture) : IClassFixture<SqliteEconomyFixture>
{
    private EconomyCluster Economy => fixture.Economy;

    /// <summary>A new user with <paramref name="coins"/> in the wallet (credited as a staff grant).</summary>
    private async Task<IUserEconomyGrain> UserWithAsync(long coins, long? id = null)
    {
        var user = Economy.User(id ?? fixture.NewUser());
        if (coins > 0) Assert.True((await user.GrantAsync(Key(), GrantKind.Staff, coins)).Succeeded);
        return user;
    }

    // ── daily / weekly ───────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Daily_pays_the_base_reward_and_then_refuses_until_24_hours_after_the_claim()
    {
        var user = await UserWithAsync(0);
        var claimedAt = Economy.Clock.GetUtcNow();

        var first = await user.ClaimDailyAsync(Key());
        Assert.Equal(EconomyOutcome.Succeeded, first.Outcome);
        Assert.Equal(100, first.Delta);
        Assert.Equal(1, first.Streak);
        Assert.Equal(new Balance(100, 0), first.Balance);

        Economy.Clock.Advance(TimeSpan.FromHours(23));
        var early = await user.ClaimDailyAsync(Key());
        Assert.Equal(EconomyOutcome.OnCooldown, early.Outcome);
        Assert.Equal(claimedAt + TimeSpan.FromHours(24), early.RetryAt);
        Assert.Equal(new Balance(100, 0), await user.GetBalanceAsync());

        Economy.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await user.ClaimDailyAsync(Key())).Succeeded);
    }

    [Fact]
    public async Task Daily_streak_adds_10_per_consecutive_day_and_stops_growing_at_the_cap()
    {
        var user = await UserWithAsync(0);
        var rewards = new List<long>();
        for (var day = 0; day < 14; day++)
        {
            var claim = await user.ClaimDailyAsync(Key());
            Assert.Equal(day + 1, claim.Streak);
            rewards.Add(claim.Delta);
            Economy.Clock.Advance(TimeSpan.FromHours(25));
        }

        // Reward + 10 × min(streak − 1, 10): 100, 110, … 200, then 200 forever.
        Assert.Equal([100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 200, 200, 200], rewards);
        Assert.Equal(14, (await user.GetProfileAsync()).BestDailyStreak);
    }

    [Fact]
    public async Task Daily_streak_continues_at_exactly_48_hours_and_resets_after_more_than_48_hours()
    {
        var user = await UserWithAsync(0);
        await user.ClaimDailyAsync(Key());
        Economy.Clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(2, (await user.ClaimDailyAsync(Key())).Streak);

        Economy.Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await user.GetProfileAsync()).DailyStreak); // shown as broken before the claim
        var missed = await user.ClaimDailyAsync(Key());

        Assert.Equal(1, missed.Streak);
        Assert.Equal(100, missed.Delta);
        Assert.Equal(2, (await user.GetProfileAsync()).BestDailyStreak);
    }

    [Fact]
    public async Task Weekly_pays_1000_has_a_seven_day_cooldown_and_a_streak_bonus()
    {
        var user = await UserWithAsync(0);
        Assert.Equal(1_000, (await user.ClaimWeeklyAsync(Key())).Delta);

        Economy.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(EconomyOutcome.OnCooldown, (await user.ClaimWeeklyAsync(Key())).Outcome);

        Economy.Clock.Advance(TimeSpan.FromDays(1));
        var second = await user.ClaimWeeklyAsync(Key());
        Assert.Equal(2, second.Streak);
        Assert.Equal(1_100, second.Delta);
    }

    // ── work ─────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Work_pays_the_drawn_amount_within_the_configured_range_then_has_a_one_hour_cooldown()
    {
        var user = await UserWithAsync(0);
        Economy.Random.Enqueue(137);

        var work = await user.WorkAsync(Key());
        Assert.Equal(137, work.Delta);
        Assert.Equal(Economy.Clock.GetUtcNow() + TimeSpan.FromHours(1), work.RetryAt);

        var again = await user.WorkAsync(Key());
        Assert.Equal(EconomyOutcome.OnCooldown, again.Outcome);
        Assert.Equal(work.RetryAt, again.RetryAt);
        Assert.Equal(new Balance(137, 0), await user.GetBalanceAsync());
    }

    [Fact]
    public async Task A_donator_tier_multiplies_daily_and_work_and_an_unknown_tier_is_refused()
    {
        var user = await UserWithAsync(0);
        Assert.True((await user.SetDonatorTierAsync(3)).Succeeded); // 150 %

        Assert.Equal(150, (await user.ClaimDailyAsync(Key())).Delta);
        Economy.Random.Enqueue(100);
        Assert.Equal(150, (await user.WorkAsync(Key())).Delta);

        var unknown = await user.SetDonatorTierAsync(4);
        Assert.Equal(EconomyOutcome.InvalidRequest, unknown.Outcome);
        Assert.Equal(3, unknown.Maximum);
        Assert.Equal(3, (await user.GetProfileAsync()).DonatorTier);
    }

    // ── bank ─────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Deposit_and_withdraw_move_coins_between_wallet_and_bank_and_all_moves_everything()
    {
        var user = await UserWithAsync(1_000);

        Assert.Equal(new Balance(700, 300), (await user.DepositAsync(Key(), CoinAmount.Of(300))).Balance);
        Assert.Equal(new Balance(0, 1_000), (await user.DepositAsync(Key(), CoinAmount.Everything)).Balance);
        Assert.Equal(new Balance(250, 750), (await user.WithdrawAsync(Key(), CoinAmount.Of(250))).Balance);
        var all = await user.WithdrawAsync(Key(), CoinAmount.Everything);
        Assert.Equal(new Balance(1_000, 0), all.Balance);
        Assert.Equal(750, all.Amount);
        Assert.Equal(0, all.Delta);
    }

    [Fact]
    public async Task Depositing_more_than_the_wallet_is_refused_with_the_balance_and_changes_nothing()
    {
        var user = await UserWithAsync(100);

        var refused = await user.DepositAsync(Key(), CoinAmount.Of(101));
        Assert.Equal(EconomyOutcome.InsufficientFunds, refused.Outcome);
        Assert.Equal(new Balance(100, 0), refused.Balance);

        Assert.Equal(EconomyOutcome.InsufficientFunds, (await user.WithdrawAsync(Key(), CoinAmount.Everything)).Outcome);
        Assert.Equal(new Balance(100, 0), await user.GetBalanceAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public async Task Zero_and_negative_amounts_are_refused_everywhere_and_change_nothing(long amount)
    {
        var user = await UserWithAsync(500);
        var other = fixture.NewUser();

        Assert.Equal(EconomyOutcome.AmountOutOfRange, (await user.DepositAsync(Key(), CoinAmount.Of(amount))).Outcome);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, (await user.WithdrawAsync(Key(), CoinAmount.Of(amount))).Outcome);
        var pay = await user.PayAsync(Key(), new PayRequest(other, amount));
        Assert.Equal(EconomyOutcome.AmountOutOfRange, pay.Outcome);
        Assert.Equal(1, pay.Minimum);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, (await user.GrantAsync(Key(), GrantKind.Vote, amount)).Outcome);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, (await user.CoinflipAsync(Key(), amount, CoinSide.Heads)).Outcome);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, (await user.SlotsAsync(Key(), amount)).Outcome);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, (await user.BuyAsync(Key(), "coffee", (int)Math.Max(amount, int.MinValue))).Outcome);

        Assert.Equal(new Balance(500, 0), await user.GetBalanceAsync());
        Assert.Equal(new Balance(0, 0), await Economy.User(other).GetBalanceAsync());
    }

    [Fact]
    public async Task A_huge_bet_or_purchase_quantity_is_refused_with_the_allowed_range()
    {
        var user = await UserWithAsync(500);

        var bet = await user.CoinflipAsync(Key(), long.MaxValue, CoinSide.Tails);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, bet.Outcome);
        Assert.Equal((10L, 100_000L), (bet.Minimum, bet.Maximum));
        var buy = await user.BuyAsync(Key(), "coffee", int.MaxValue);
        Assert.Equal(EconomyOutcome.AmountOutOfRange, buy.Outcome);
        Assert.Equal(100, buy.Maximum);
        Assert.Equal(new Balance(500, 0), await user.GetBalanceAsync());
    }

    // ── overflow ─────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task A_credit_past_the_64_bit_limit_is_refused_and_the_balance_is_not_wrapped()
    {
        var user = await UserWithAsync(long.MaxValue - 50);
        await user.DepositAsync(Key(), CoinAmount.Of(1_000));

        var grant = await user.GrantAsync(Key(), GrantKind.Vote, 51);
        Assert.Equal(EconomyOutcome.WouldOverflow, grant.Outcome);
        var daily = await user.ClaimDailyAsync(Key());
        Assert.Equal(EconomyOutcome.WouldOverflow, daily.Outcome);

        Assert.Equal(new Balance(long.MaxValue - 1_050, 1_000), await user.GetBalanceAsync());
        Assert.True((await user.GrantAsync(Key(), GrantKind.Vote, 50)).Succeeded); // exactly up to the limit is fine
        Assert.Equal(long.MaxValue, (await user.GetBalanceAsync()).NetWorth);
    }

    [Fact]
    public async Task A_pay_the_receiver_cannot_hold_is_refunded_to_the_sender()
    {
        var rich = await UserWithAsync(long.MaxValue - 10);
        var sender = await UserWithAsync(100);

        var pay = await sender.PayAsync(Key(), new PayRequest(rich.GetPrimaryKeyLong(), 11));

        Assert.Equal(EconomyOutcome.Succeeded, pay.Outcome);
        Assert.Equal(TransferStatus.Refunded, pay.Transfer);
        Assert.Equal(new Balance(100, 0), pay.Balance);
        Assert.Equal(new Balance(100, 0), await sender.GetBalanceAsync());
        Assert.Equal(new Balance(long.MaxValue - 10, 0), await rich.GetBalanceAsync());
        Assert.Equal(0, (await sender.GetProfileAsync()).PendingTransfers);
    }

    // ── pay ──────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task Pay_moves_coins_from_the_senders_wallet_to_the_receivers_wallet()
    {
        var sender = await UserWithAsync(1_000);
        var receiver = await UserWithAsync(5);

        var pay = await sender.PayAsync(Key(), new PayRequest(receiver.GetPrimaryKeyLong(), 400));

        Assert.Equal(TransferStatus.Completed, pay.Transfer);
        Assert.Equal(-400, pay.Delta);
        Assert.Equal(new Balance(600, 0), await sender.GetBalanceAsync());
        Assert.Equal(new Balance(405, 0), await receiver.GetBalanceAsync());
    }

    [Fact]
    public async Task Pay_refuses_yourself_bots_blocked_targets_and_more_than_the_wallet_and_changes_nothing()
    {
        var sender = await UserWithAsync(100);
        var id = sender.GetPrimaryKeyLong();
        var target = fixture.NewUser();

        Assert.Equal(EconomyOutcome.CannotPaySelf, (await sender.PayAsync(Key(), new PayRequest(id, 10))).Outcome);
        Assert.Equal(EconomyOutcome.CannotPayBot, (await sender.PayAsync(Key(), new PayRequest(target, 10, TargetIsBot: true))).Outcome);
        Assert.Equal(EconomyOutcome.Blocked, (await sender.PayAsync(Key(), new PayRequest(target, 10, TargetIsBlocked: true))).Outcome);
        var poor = await sender.PayAsync(Key(), new PayRequest(target, 101));
        Assert.Equal(EconomyOutcome.InsufficientFunds, poor.Outcome);
        Assert.Equal(new Balance(100, 0), poor.Balance);

        Assert.Equal(new Balance(100, 0), await sender.GetBalanceAsync());
        Assert.Equal(new Balance(0, 0), await Economy.User(target).GetBalanceAsync());
    }

    [Fact]
    public async Task Two_users_paying_each_other_at_the_same_time_both_complete()
    {
        var a = await UserWithAsync(1_000);
        var b = await UserWithAsync(1_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? a.PayAsync(Key(), new PayRequest(b.GetPrimaryKeyLong(), 10))
            : b.PayAsync(Key(), new PayRequest(a.GetPrimaryKeyLong(), 30))));

        Assert.All(results, r => Assert.Equal(TransferStatus.Completed, r.Transfer));
        Assert.Equal(new Balance(1_200, 0), await a.GetBalanceAsync());
        Assert.Equal(new Balance(800, 0), await b.GetBalanceAsync());
    }

    // ── idempotency ──────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task The_same_key_twice_takes_effect_once_and_returns_the_original_result()
    {
        var user = await UserWithAsync(1_000);
        var receiver = fixture.NewUser();

        var grantKey = Key();
        var grant = await user.GrantAsync(grantKey, GrantKind.Vote, 250);
        var payKey = Key();
        var pay = await user.PayAsync(payKey, new PayRequest(receiver, 100));
        var flipKey = Key();
        Economy.Random.Enqueue(0);
        var flip = await user.CoinflipAsync(flipKey, 100, CoinSide.Heads);
        var dailyKey = Key();
        var daily = await user.ClaimDailyAsync(dailyKey);
        var before = await user.GetBalanceAsync();

        // Delivered again (a gateway retry): the same answers, marked as replays, and no second effect.
        Economy.Random.Enqueue(1); // would lose, if it were flipped again
        Assert.Equal(grant, (await user.GrantAsync(grantKey, GrantKind.Vote, 250)) with { Replayed = false });
        Assert.Equal(pay, (await user.PayAsync(payKey, new PayRequest(receiver, 100))) with { Replayed = false });
        var again = await user.CoinflipAsync(flipKey, 100, CoinSide.Heads);
        Assert.True(again.Replayed);
        Assert.Equal(flip, again with { Replayed = false });
        Assert.Equal(daily, (await user.ClaimDailyAsync(dailyKey)) with { Replayed = false });
        Assert.Equal(1, Economy.Random.Drain()); // the replayed coin flip drew nothing

        Assert.Equal(before, await user.GetBalanceAsync());
        Assert.Equal(new Balance(100, 0), await Economy.User(receiver).GetBalanceAsync());
    }

    [Fact]
    public async Task A_key_reused_for_a_different_operation_is_refused()
    {
        var user = await UserWithAsync(500);
        var key = Key();
        await user.DepositAsync(key, CoinAmount.Of(100));

        var reused = await user.WithdrawAsync(key, CoinAmount.Of(100));

        Assert.Equal(EconomyOutcome.KeyReused, reused.Outcome);
        Assert.Equal(new Balance(400, 100), await user.GetBalanceAsync());
    }

    [Fact]
    public async Task Remembered_results_survive_deactivation()
    {
        var user = await UserWithAsync(0);
        var key = Key();
        var first = await user.GrantAsync(key, GrantKind.Vote, 77);

        await Economy.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal(first, (await user.GrantAsync(key, GrantKind.Vote, 77)) with { Replayed = false });
        Assert.Equal(new Balance(77, 0), await user.GetBalanceAsync());
    }

    // ── games ────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task A_won_coinflip_pays_195_percent_and_a_lost_one_takes_the_bet()
    {
        var user = await UserWithAsync(1_000);

        Economy.Random.Enqueue(1); // tails
        var won = await user.CoinflipAsync(Key(), 200, CoinSide.Tails);
        Assert.Equal(CoinSide.Tails, won.Gamble!.Landed);
        Assert.Equal(190, won.Delta);
        Assert.Equal(390, won.Gamble.Payout);

        Economy.Random.Enqueue(0); // heads
        var lost = await user.CoinflipAsync(Key(), 300, CoinSide.Tails);
        Assert.Equal(-300, lost.Delta);
        Assert.Equal(0, lost.Gamble!.Payout);

        Assert.Equal(new Balance(890, 0), await user.GetBalanceAsync());
        Assert.Equal(EconomyOutcome.InsufficientFunds, (await user.CoinflipAsync(Key(), 891, CoinSide.Heads)).Outcome);
    }

    [Fact]
    public async Task Slots_pay_by_the_table()
    {
        var user = await UserWithAsync(1_000);
        // Reel tickets of the default weights: 🍒 0–39, 🍋 40–69, 🔔 70–89, ⭐ 90–97, 💎 98–99.
        Economy.Random.Enqueue(98, 99, 98);
        var jackpot = await user.SlotsAsync(Key(), 10);
        Assert.Equal(["💎", "💎", "💎"], jackpot.Gamble!.Reels!);
        Assert.Equal(4_990, jackpot.Delta);

        Economy.Random.Enqueue(0, 75, 39);
        var twoCherries = await user.SlotsAsync(Key(), 100);
        Assert.Equal(100, twoCherries.Gamble!.PayoutPercent);
        Assert.Equal(0, twoCherries.Delta);

        Economy.Random.Enqueue(40, 70, 90);
        var nothing = await user.SlotsAsync(Key(), 100);
        Assert.Equal(-100, nothing.Delta);

        Assert.Equal(new Balance(5_890, 0), await user.GetBalanceAsync());
    }

    // ── shop ─────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public async Task The_shop_lists_the_default_catalogue()
    {
        var shop = await Economy.Cluster.Client.GetGrain<IEconomyCatalogGrain>(0).GetShopAsync();

        Assert.Equal(["coffee", "alarm_clock", "time_crystal", "coin_pouch"], shop.Select(i => i.Id));
        Assert.Equal(250, shop[0].Price);
    }

    [Fact]
    public async Task Buying_takes_the_price_and_adds_to_the_inventory_and_refuses_unknown_items_and_empty_wallets()
    {
        var user = await UserWithAsync(600);

        var buy = await user.BuyAsync(Key(), "Coffee", 2);
        Assert.Equal(-500, buy.Delta);
        Assert.Equal(2, buy.Quantity);
        Assert.Equal(EconomyOutcome.UnknownItem, (await user.BuyAsync(Key(), "unicorn", 1)).Outcome);
        Assert.Equal(EconomyOutcome.InsufficientFunds, (await user.BuyAsync(Key(), "alarm_clock", 1)).Outcome);

        var profile = await user.GetProfileAsync();
        Assert.Equal([new InventoryLine("coffee", "Coffee", 2)], profile.Inventory);
        Assert.Equal(new Balance(100, 0), profile.Balance);
    }

    [Fact]
    public async Task Coffee_makes_the_next_work_pay_one_and_a_half_times_once()
    {
        var user = await UserWithAsync(250);
        await user.BuyAsync(Key(), "coffee", 1);
        Assert.True((await user.UseAsync(Key(), "coffee")).Succeeded);
        Assert.Equal(150, (await user.GetProfileAsync()).WorkBoostPercent);

        Economy.Random.Enqueue(100);
        Assert.Equal(150, (await user.WorkAsync(Key())).Delta);
        Economy.Clock.Advance(TimeSpan.FromHours(1));
        Economy.Random.Enqueue(100);
        Assert.Equal(100, (await user.WorkAsync(Key())).Delta);
        Assert.Equal(EconomyOutcome.NotInInventory, (await user.UseAsync(Key(), "coffee")).Outcome);
    }

    [Fact]
    public async Task An_alarm_clock_shortens_a_running_work_cooldown_and_is_refused_when_none_runs()
    {
        var user = await UserWithAsync(800);
        await user.BuyAsync(Key(), "alarm_clock", 2);
        Assert.Equal(EconomyOutcome.NoCooldownRunning, (await user.UseAsync(Key(), "alarm_clock")).Outcome);

        var work = await user.WorkAsync(Key());
        var used = await user.UseAsync(Key(), "alarm_clock");

        Assert.Equal(work.RetryAt - TimeSpan.FromMinutes(30), used.RetryAt);
        Economy.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True((await user.WorkAsync(Key())).Succeeded);
        Assert.Equal([new InventoryLine("alarm_clock", "Alarm clock", 1)], (await user.GetProfileAsync()).Inventory);
    }

    [Fact]
    public async Task A_coin_pouch_grants_its_coins_when_used()
    {
        var user = await UserWithAsync(1_000);
        await user.BuyAsync(Key(), "coin_pouch", 1);

        var used = await user.UseAsync(Key(), "coin_pouch");

        Assert.Equal(1_000, used.Delta);
        Assert.Equal(new Balance(1_000, 0), await user.GetBalanceAsync());
        Assert.Empty((await user.GetProfileAsync()).Inventory);
    }

    // ── profile and guild rules ──────────────────────────────────────────────────────────────

    [Fact]
    public async Task The_profile_shows_balances_net_worth_streak_tier_and_cooldowns()
    {
        var user = await UserWithAsync(0);
        await user.ClaimDailyAsync(Key());
        await user.DepositAsync(Key(), CoinAmount.Of(60));
        await user.SetDonatorTierAsync(1);

        var profile = await user.GetProfileAsync();

        Assert.Equal(new Balance(40, 60), profile.Balance);
        Assert.Equal(100, profile.NetWorth);
        Assert.Equal(1, profile.DailyStreak);
        Assert.Equal(1, profile.DonatorTier);
        Assert.Equal(110, profile.MultiplierPercent);
        Assert.Equal(Economy.Clock.GetUtcNow() + TimeSpan.FromDays(1), profile.NextDailyAt);
    }

    [Fact]
    public async Task A_guild_that_switched_the_economy_off_or_limits_it_to_channels_refuses_elsewhere()
    {
        var user = await UserWithAsync(0);
        var off = fixture.NewUser() + 7_000_000;
        var limited = off + 1;
        var guilds = Economy.Cluster.Client;
        await guilds.GetGrain<IGuildGrain>(off).UpdateSettingsAsync(GuildSettings.Default with { EconomyEnabled = false });
        await guilds.GetGrain<IGuildGrain>(limited).UpdateSettingsAsync(GuildSettings.Default with { EconomyChannelIds = [555] });

        Assert.Equal(EconomyOutcome.EconomyDisabled, (await user.ClaimDailyAsync(Key(off, 555))).Outcome);
        Assert.Equal(EconomyOutcome.ChannelNotAllowed, (await user.ClaimDailyAsync(Key(limited, 556))).Outcome);
        Assert.Equal(new Balance(0, 0), await user.GetBalanceAsync());
        Assert.True((await user.ClaimDailyAsync(Key(limited, 555))).Succeeded);
    }
}

/// <summary>Users listed in Economy:BlockedUserIds are refused everything, and cannot be paid.</summary>
public sealed class BlockedUserTests(BlockedUserTests.Fixture fixture) : IClassFixture<BlockedUserTests.Fixture>
{
    public const long BlockedUser = 66_666;

    public sealed class Fixture : SqliteEconomyFixture
    {
        protected override IReadOnlyDictionary<string, string?> EconomySettings => new Dictionary<string, string?>
        {
            ["Economy:BlockedUserIds:0"] = BlockedUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task A_blocked_user_can_neither_claim_nor_be_paid()
    {
        var blocked = fixture.Economy.User(BlockedUser);
        var payer = fixture.Economy.User(fixture.NewUser());
        await payer.GrantAsync(Key(), GrantKind.Staff, 100);

        Assert.Equal(EconomyOutcome.Blocked, (await blocked.ClaimDailyAsync(Key())).Outcome);
        Assert.Equal(EconomyOutcome.Blocked, (await payer.PayAsync(Key(), new PayRequest(BlockedUser, 10))).Outcome);
        Assert.Equal(new Balance(0, 0), await blocked.GetBalanceAsync());
        Assert.Equal(new Balance(100, 0), await payer.GetBalanceAsync());
    }
}
