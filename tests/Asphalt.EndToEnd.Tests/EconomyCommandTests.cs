using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Tests.Support;
using Npgsql;

namespace Asphalt.EndToEnd.Tests;

/// <summary>
/// One real silo on PostgreSQL and one real gateway process for the whole class, with the Discord
/// emulator in this process. Guild 0 is the shared playground; guilds 1 and 2 belong to the
/// /settings tests (switched off, restricted to a channel) so they never disturb the others.
/// </summary>
public sealed class EconomyCommandFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Listed in the silo's Economy:BlockedUserIds.</summary>
    public const ulong BlockedUser = 300_000_000_000_000_900;

    /// <summary>Known to the emulator as a bot account.</summary>
    public const ulong BotUser = 300_000_000_000_000_901;

    private readonly string _token = $"economy-e2e-{Guid.NewGuid():N}";
    private readonly SiloPorts _siloPorts = SiloPorts.Allocate();
    private readonly GatewayPorts _gatewayPorts = GatewayPorts.Allocate();
    private AsphaltProcess? _silo;
    private AsphaltProcess? _gateway;

    public PostgresDatabase Database { get; } = new();

    /// <summary>The silo's <c>asphalt_economy_coins_minted_total</c> for one ledger kind, read from its /metrics.</summary>
    public async Task<long> CoinsMintedAsync(string kind)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{_siloPorts.Metrics}/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("asphalt_economy_coins_minted_total{", StringComparison.Ordinal)
                                                   && l.Contains($"kind=\"{kind}\"", StringComparison.Ordinal));
        return (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
    public DiscordEmulator Discord { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            BotToken = _token,
            Guilds = GuildGenerator.Generate(3),
            Users = [new EmulatedUser(BotUser, "OtherBot", Bot: true)],
        });
        _silo = _siloPorts.Start(new Dictionary<string, string?>(Database.Settings)
        {
            ["Economy:BlockedUserIds:0"] = BlockedUser.ToString(CultureInfo.InvariantCulture),
        });
        await _silo.WaitHealthyAsync();
        _gateway = _gatewayPorts.Start(_siloPorts, Discord.ApiBaseUrl, _token, Database.Settings);
        await _gateway.WaitHealthyAsync();
        for (var shard = 0; shard < Discord.RecommendedShards; shard++)
            await Discord.WaitForConnectionAsync(shard, Timeout);
        await Discord.Log.CommandRegistrations.WaitForAsync(_ => true, Timeout);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_silo is not null) await _silo.DisposeAsync();
        if (Discord is not null) await Discord.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class EconomyCommandTests(EconomyCommandFixture fixture) : IClassFixture<EconomyCommandFixture>
{
    private const ulong ManageGuild = Permissions.DefaultMember | Permissions.ManageGuild;

    private DiscordEmulator Discord => fixture.Discord;
    private EmulatedGuild Guild => Discord.Guilds[0];

    // Every test has its own users, so the tests do not depend on each other's balances.
    private static ulong UserOf(int test, int n = 0) => 300_000_000_000_000_000UL + (ulong)(test * 10 + n);

    [Fact]
    public async Task The_gateway_registers_every_economy_command_with_its_options()
    {
        var registration = await Discord.Log.CommandRegistrations.WaitForAsync(_ => true, EconomyCommandFixture.Timeout);
        var commands = registration.Commands.OfType<JsonObject>().ToDictionary(c => (string)c["name"]!);

        foreach (var name in new[] { "balance", "daily", "weekly", "work", "deposit", "withdraw", "pay", "coinflip", "slots", "shop", "buy", "inventory", "use",
                     "leaderboard", "profile", "settings" })
            Assert.True(commands.ContainsKey(name), $"/{name} was not registered");
        Assert.Equal(1_000_000_000_000, (long)commands["pay"]["options"]![1]!["max_value"]!);
    }

    [Fact]
    public async Task Balance_of_a_new_user_is_zero_in_the_guilds_currency()
    {
        var user = UserOf(1);

        var (_, reply) = await RunAsync(user, "balance");

        Assert.False(reply.Ephemeral);
        var text = Render(reply);
        Assert.Contains("Wallet", text);
        Assert.Contains("🪙 **0** coins", text);
        Assert.Empty(await LedgerAsync(user));
    }

    [Fact]
    public async Task Daily_credits_the_reward_once_and_the_second_claim_shows_when_the_cooldown_ends()
    {
        var user = UserOf(2);
        var mintedBefore = await fixture.CoinsMintedAsync("daily");

        var (first, reply) = await RunAsync(user, "daily");

        Assert.False(reply.Ephemeral);
        Assert.Contains("You received 🪙 **100** coins", Render(reply));
        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal(("daily", 100L, 0L, 100L, 0L), (row.Kind, row.WalletDelta, row.BankDelta, row.WalletAfter, row.BankAfter));
        Assert.Equal((long)first.Id, row.IdempotencyKey);
        Assert.Equal((long)Guild.Id, row.GuildId);

        var (_, again) = await RunAsync(user, "daily");

        Assert.True(again.Ephemeral);
        Assert.Contains("already claimed your daily reward", again.Content);
        var unix = long.Parse(System.Text.RegularExpressions.Regex.Match(again.Content!, @"<t:(\d+):R>").Groups[1].Value, CultureInfo.InvariantCulture);
        var endsIn = DateTimeOffset.FromUnixTimeSeconds(unix) - DateTimeOffset.UtcNow;
        Assert.InRange(endsIn, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.Single(await LedgerAsync(user));
        // The silo counted the minted coins once (other tests of this class run one at a time). The
        // exporter caches a scrape for a moment, so read until the count moves, then check it.
        var minted = await fixture.CoinsMintedAsync("daily");
        for (var deadline = DateTime.UtcNow.AddSeconds(10); minted == mintedBefore && DateTime.UtcNow < deadline; minted = await fixture.CoinsMintedAsync("daily"))
            await Task.Delay(200);
        Assert.Equal(mintedBefore + 100, minted);
    }

    [Fact]
    public async Task Weekly_and_work_credit_the_wallet_and_record_their_kinds()
    {
        var user = UserOf(3);

        var (weekly, weeklyReply) = await RunAsync(user, "weekly");
        var (work, workReply) = await RunAsync(user, "work");

        Assert.Contains("You received 🪙 **1,000** coins", Render(weeklyReply));
        Assert.Contains("You worked a shift and earned", Render(workReply));
        var rows = await LedgerAsync(user);
        Assert.Equal(["weekly", "work"], rows.Select(r => r.Kind));
        Assert.Equal((long)weekly.Id, rows[0].IdempotencyKey);
        Assert.Equal((long)work.Id, rows[1].IdempotencyKey);
        Assert.InRange(rows[1].WalletDelta, 50, 200); // Economy:Work:MinPayout … MaxPayout
        Assert.Contains($"🪙 **{rows[1].WalletDelta:N0}** coins", Render(workReply));

        var (_, tired) = await RunAsync(user, "work");
        Assert.True(tired.Ephemeral);
        Assert.Matches(@"work again <t:\d+:R>", tired.Content);
        Assert.Equal(2, (await LedgerAsync(user)).Count);
    }

    [Fact]
    public async Task A_duplicate_delivery_of_the_same_interaction_moves_no_coins()
    {
        var user = UserOf(4);
        var (daily, _) = await RunAsync(user, "daily");

        await Discord.RedeliverAsync(daily);

        // The gateway handled the copy (recorded a second execution); its answer was refused by Discord (40060).
        await WaitForAsync($"SELECT count(*) FROM command_executions WHERE interaction_id = {(long)daily.Id}", 2);
        var row = Assert.Single(await LedgerAsync(user));
        Assert.Equal((long)daily.Id, row.IdempotencyKey);
        Assert.Single(daily.Events.Snapshot(), e => e.Kind == InteractionEventKind.Callback);
        var callbacks = Discord.Log.RestRequests.Snapshot().Where(r => r.Method == "POST" && r.Path.Contains($"/interactions/{daily.Id}/", StringComparison.Ordinal)).ToList();
        Assert.Equal(204, callbacks[0].Status);
        Assert.Contains(callbacks.Skip(1), r => r.Status == 400); // 40060: already acknowledged
    }

    [Fact]
    public async Task Deposit_and_withdraw_take_numbers_shorthands_and_all()
    {
        var user = UserOf(5);
        await RunAsync(user, "weekly"); // 1,000 in the wallet

        var (deposit, deposited) = await RunAsync(user, "deposit", CommandOptionValue.String("amount", "0.4k"));
        var (_, withdrawn) = await RunAsync(user, "withdraw", CommandOptionValue.String("amount", "1,00"));
        var (_, all) = await RunAsync(user, "deposit", CommandOptionValue.String("amount", "ALL"));
        var (_, tooMuch) = await RunAsync(user, "withdraw", CommandOptionValue.String("amount", "5k"));

        Assert.Contains("You deposited 🪙 **400** coins", Render(deposited));
        Assert.Contains("You withdrew 🪙 **100** coins", Render(withdrawn));
        Assert.Contains("You deposited 🪙 **700** coins", Render(all));
        Assert.True(tooMuch.Ephemeral);
        Assert.Equal("You don't have that much in the bank: it holds 🪙 **1,000** coins.", tooMuch.Content);
        var rows = await LedgerAsync(user);
        Assert.Equal(["weekly", "deposit", "withdraw", "deposit"], rows.Select(r => r.Kind));
        Assert.Equal((-400L, 400L, (long)deposit.Id), (rows[1].WalletDelta, rows[1].BankDelta, rows[1].IdempotencyKey));
        Assert.Equal((100L, -100L), (rows[2].WalletDelta, rows[2].BankDelta));
        Assert.Equal((0L, 1000L), (rows[3].WalletAfter, rows[3].BankAfter));

        var (_, empty) = await RunAsync(user, "deposit", CommandOptionValue.String("amount", "all"));
        Assert.True(empty.Ephemeral);
        Assert.Equal("Your wallet is empty: there is nothing to deposit.", empty.Content);
        Assert.Equal(4, (await LedgerAsync(user)).Count);
    }

    public static TheoryData<string, CommandOptionValue[], string> BadInput => new()
    {
        { "deposit", [CommandOptionValue.String("amount", "0")], "`amount` must be at least 1." },
        { "deposit", [CommandOptionValue.String("amount", "-50")], "`amount` must be at least 1." },
        { "deposit", [CommandOptionValue.String("amount", "lots")], "`amount` must be a number of coins (like 500, 2,500 or 2.5k) or `all`." },
        { "deposit", [CommandOptionValue.String("amount", "2.5")], "`amount` must be a whole number of coins." },
        { "withdraw", [CommandOptionValue.String("amount", "99999999999999999999")], "`amount` must be at most 1,000,000,000,000." },
        { "pay", [CommandOptionValue.User("user", UserOf(6, 1)), CommandOptionValue.Integer("amount", 0)], "`amount` must be at least 1." },
        { "pay", [CommandOptionValue.User("user", UserOf(6, 1)), CommandOptionValue.Integer("amount", -5)], "`amount` must be at least 1." },
        { "pay", [CommandOptionValue.User("user", UserOf(6, 1)), CommandOptionValue.Integer("amount", 1_000_000_000_001)], "`amount` must be at most 1000000000000." },
        { "pay", [CommandOptionValue.User("user", UserOf(6, 1)), CommandOptionValue.String("amount", "ten")], "`amount` has the wrong type." },
        { "coinflip", [CommandOptionValue.Integer("bet", 0), CommandOptionValue.String("side", "heads")], "`bet` must be at least 1." },
        { "coinflip", [CommandOptionValue.Integer("bet", 20), CommandOptionValue.String("side", "edge")], "`side` must be one of: Heads, Tails." },
        { "coinflip", [CommandOptionValue.Integer("bet", 5), CommandOptionValue.String("side", "tails")], "Bets must be between 🪙 **10** coins and 🪙 **100,000** coins." },
        { "slots", [CommandOptionValue.Integer("bet", long.MaxValue)], "`bet` must be at most 1000000000000." },
        { "slots", [CommandOptionValue.Integer("bet", 100_001)], "Bets must be between 🪙 **10** coins and 🪙 **100,000** coins." },
        { "buy", [CommandOptionValue.String("item", "coffee"), CommandOptionValue.Integer("quantity", 0)], "`quantity` must be at least 1." },
        { "buy", [CommandOptionValue.String("item", "coffee"), CommandOptionValue.Integer("quantity", 101)], "`quantity` must be at most 100." },
        { "buy", [CommandOptionValue.String("item", "banana")], "There is no item `banana` in the shop. Items: `coffee`, `alarm_clock`, `time_crystal`, `coin_pouch`." },
        { "use", [CommandOptionValue.String("item", "banana")], "There is no item `banana` in the shop. Items: `coffee`, `alarm_clock`, `time_crystal`, `coin_pouch`." },
        { "use", [CommandOptionValue.String("item", "coin_pouch")], "You don't have any `coin_pouch`. Buy one with `/buy`." },
        { "pay", [CommandOptionValue.User("user", UserOf(6, 1)), CommandOptionValue.Integer("amount", 5000)], "You don't have enough coins: your wallet holds 🪙 **1,000** coins (bank: 🪙 **0** coins)." },
        { "slots", [CommandOptionValue.Integer("bet", 2000)], "You don't have enough coins: your wallet holds 🪙 **1,000** coins (bank: 🪙 **0** coins)." },
        { "buy", [CommandOptionValue.String("item", "time_crystal")], "That costs 🪙 **2,000** coins, but your wallet holds 🪙 **1,000** coins." },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_specific_ephemeral_error_and_changes_nothing(string command, CommandOptionValue[] options, string error)
    {
        var user = UserOf(6);
        if ((await LedgerAsync(user)).Count == 0) await RunAsync(user, "weekly"); // 1,000 in the wallet, once for all cases
        var before = await LedgerAsync(user);

        var (_, reply) = await RunAsync(user, command, options);

        Assert.True(reply.Ephemeral, reply.Content);
        Assert.Equal(error, reply.Content);
        Assert.Equal(before, await LedgerAsync(user));
        Assert.Empty(await LedgerAsync(UserOf(6, 1)));
    }

    [Fact]
    public async Task Pay_moves_coins_to_the_receiver_under_the_interactions_key()
    {
        var (payer, receiver) = (UserOf(7), UserOf(7, 1));
        await RunAsync(payer, "daily");

        var (pay, reply) = await RunAsync(payer, "pay", CommandOptionValue.User("user", receiver), CommandOptionValue.Integer("amount", 30));

        Assert.False(reply.Ephemeral);
        Assert.Contains($"You paid 🪙 **30** coins to <@{receiver}>", Render(reply));
        var sent = (await LedgerAsync(payer))[^1];
        Assert.Equal(("transfer_out", -30L, 70L, (long)receiver, (long)pay.Id), (sent.Kind, sent.WalletDelta, sent.WalletAfter, sent.CounterpartyId, sent.IdempotencyKey));
        var received = Assert.Single(await LedgerAsync(receiver));
        Assert.Equal(("transfer_in", 30L, 30L, (long)payer, (long)pay.Id), (received.Kind, received.WalletDelta, received.WalletAfter, received.CounterpartyId, received.IdempotencyKey));

        var (_, balance) = await RunAsync(receiver, "balance");
        Assert.Contains("🪙 **30** coins", Render(balance));
    }

    [Fact]
    public async Task Pay_refuses_yourself_a_bot_a_blocked_user_and_an_unknown_user()
    {
        var payer = UserOf(8);
        var stranger = UserOf(8, 9);
        await RunAsync(payer, "daily");
        var before = await LedgerAsync(payer);

        async Task<string?> PayAsync(ulong to, InteractionSettings? settings = null) =>
            (await RunAsync(payer, "pay", [CommandOptionValue.User("user", to), CommandOptionValue.Integer("amount", 10)], settings: settings)).Reply is { Ephemeral: true } r
                ? r.Content
                : "not ephemeral";

        Assert.Equal("You can't pay yourself.", await PayAsync(payer));
        Assert.Equal("You can't pay a bot.", await PayAsync(EconomyCommandFixture.BotUser));
        Assert.Equal($"This payment is not allowed: <@{EconomyCommandFixture.BlockedUser}> or you are blocked from the economy.",
            await PayAsync(EconomyCommandFixture.BlockedUser));
        Assert.Equal("I can't find that user. Pick someone from the list Discord offers.",
            await PayAsync(stranger, new InteractionSettings { UnresolvedUserIds = [stranger] }));

        Assert.Equal(before, await LedgerAsync(payer));
        Assert.Empty(await LedgerAsync(EconomyCommandFixture.BlockedUser));
        Assert.Empty(await LedgerAsync(stranger));
    }

    [Fact]
    public async Task A_blocked_user_is_refused_every_operation()
    {
        var (_, reply) = await RunAsync(EconomyCommandFixture.BlockedUser, "daily");

        Assert.True(reply.Ephemeral);
        Assert.Equal("You are blocked from the economy.", reply.Content);
        Assert.Empty(await LedgerAsync(EconomyCommandFixture.BlockedUser));
    }

    [Fact]
    public async Task Balance_and_profile_of_unknown_users_and_bots_are_refused()
    {
        var user = UserOf(9);
        var stranger = UserOf(9, 9);

        var (_, unknown) = await RunAsync(user, "balance", [CommandOptionValue.User("user", stranger)], settings: new InteractionSettings { UnresolvedUserIds = [stranger] });
        var (_, bot) = await RunAsync(user, "profile", CommandOptionValue.User("user", EconomyCommandFixture.BotUser));

        Assert.True(unknown.Ephemeral);
        Assert.Equal("I can't find that user. Pick someone from the list Discord offers.", unknown.Content);
        Assert.True(bot.Ephemeral);
        Assert.Equal("Bots don't have a profile.", bot.Content);
    }

    [Fact]
    public async Task Coinflip_and_slots_settle_the_bet_in_the_ledger_as_the_reply_says()
    {
        var user = UserOf(10);
        await RunAsync(user, "weekly");

        var (flip, flipped) = await RunAsync(user, "coinflip", CommandOptionValue.Integer("bet", 100), CommandOptionValue.String("side", "heads"));
        var flipText = Render(flipped);
        Assert.Matches("The coin landed on \\*\\*(heads|tails)\\*\\*", flipText);
        var flipRow = (await LedgerAsync(user))[^1];
        Assert.Equal((long)flip.Id, flipRow.IdempotencyKey);
        if (flipText.Contains("You won", StringComparison.Ordinal))
            Assert.Equal(("coinflip_win", 95L), (flipRow.Kind, flipRow.WalletDelta)); // 195 % back: +95 %
        else
            Assert.Equal(("coinflip_loss", -100L), (flipRow.Kind, flipRow.WalletDelta));

        var rowsBefore = (await LedgerAsync(user)).Count;
        var (spin, spun) = await RunAsync(user, "slots", CommandOptionValue.Integer("bet", 10));
        var spinText = Render(spun);
        Assert.Matches(@"\*\*\[ .+ \| .+ \| .+ \]\*\*", spinText);
        var rows = await LedgerAsync(user);
        if (spinText.Contains("bet back", StringComparison.Ordinal))
        {
            Assert.Equal(rowsBefore, rows.Count); // a line returning exactly the bet writes nothing
        }
        else
        {
            var row = rows[^1];
            Assert.Equal((long)spin.Id, row.IdempotencyKey);
            Assert.Equal(spinText.Contains("You won", StringComparison.Ordinal) ? "slots_win" : "slots_loss", row.Kind);
            Assert.Contains($"🪙 **{Math.Abs(row.WalletDelta):N0}** coins", spinText);
        }
    }

    [Fact]
    public async Task Shop_buy_inventory_and_use_work_together()
    {
        var user = UserOf(11);
        await RunAsync(user, "weekly");

        var (_, shop) = await RunAsync(user, "shop");
        var (buy, bought) = await RunAsync(user, "buy", CommandOptionValue.String("item", "Coffee"), CommandOptionValue.Integer("quantity", 2));
        var (_, inventory) = await RunAsync(user, "inventory");
        var (_, used) = await RunAsync(user, "use", CommandOptionValue.String("item", "coffee"));
        var (_, again) = await RunAsync(user, "use", CommandOptionValue.String("item", "coffee"));

        Assert.Contains("Coffee — 🪙 **250** coins", Render(shop));
        Assert.Contains("`/buy item:alarm_clock`", Render(shop));
        Assert.Contains("You bought **2× Coffee** for 🪙 **500** coins. You now own 2.", Render(bought));
        Assert.Contains("**2× Coffee** (`coffee`)", Render(inventory));
        Assert.Contains("You used **Coffee**. Your next `/work` pays 150 %.", Render(used));
        Assert.True(again.Ephemeral);
        Assert.Equal("A `coffee` effect is already active. Use it up with `/work` first.", again.Content);
        var rows = await LedgerAsync(user);
        Assert.Equal(["weekly", "purchase"], rows.Select(r => r.Kind)); // a work boost moves no coins
        Assert.Equal((-500L, 500L, (long)buy.Id), (rows[1].WalletDelta, rows[1].WalletAfter, rows[1].IdempotencyKey));
    }

    [Fact]
    public async Task Leaderboard_and_profile_show_the_users_net_worth()
    {
        var user = UserOf(12);
        await RunAsync(user, "weekly");
        await RunAsync(user, "daily");
        await RunAsync(user, "deposit", CommandOptionValue.String("amount", "600"));

        var profile = Render((await RunAsync(user, "profile")).Reply);
        Assert.Contains("Wallet: 🪙 **500** coins", profile);
        Assert.Contains("Bank: 🪙 **600** coins", profile);
        Assert.Contains("Net worth: 🪙 **1,100** coins", profile);
        Assert.Contains("Daily streak: 1 (best 1)", profile);

        // Boards are fed by one-way reports: poll until this user shows.
        foreach (var scope in new[] { "server", "global" })
        {
            var deadline = DateTime.UtcNow + EconomyCommandFixture.Timeout;
            string text;
            do
            {
                text = Render((await RunAsync(user, "leaderboard", CommandOptionValue.String("scope", scope))).Reply);
                if (text.Contains($"<@{user}> — 🪙 **1,100** coins", StringComparison.Ordinal)) break;
                await Task.Delay(250);
            } while (DateTime.UtcNow < deadline);
            Assert.Contains(scope == "server" ? "Server leaderboard" : "Global leaderboard", text);
            Assert.Contains($"<@{user}> — 🪙 **1,100** coins", text);
        }
    }

    [Fact]
    public async Task Settings_need_manage_server_and_switching_the_economy_off_refuses_daily()
    {
        var guild = Discord.Guilds[1];
        var (admin, member) = (UserOf(13), UserOf(13, 1));

        var (_, refused) = await RunAsync(member, "settings", [CommandOptionValue.Boolean("economy", false)], guild.Id);
        Assert.True(refused.Ephemeral);
        Assert.Equal("You need the **Manage Server** permission to use `/settings`.", refused.Content);

        var (_, off) = await RunAsync(admin, "settings", [CommandOptionValue.Boolean("economy", false)], guild.Id, ManageGuild);
        Assert.True(off.Ephemeral);
        Assert.Contains("switched the economy **off**", Render(off));

        var (_, daily) = await RunAsync(member, "daily", [], guild.Id);
        Assert.True(daily.Ephemeral);
        Assert.Equal("The economy is switched off in this server. A server manager can switch it on with `/settings economy:True`.", daily.Content);
        var (_, balance) = await RunAsync(member, "balance", [], guild.Id);
        Assert.True(balance.Ephemeral);
        Assert.Empty(await LedgerAsync(member));

        var (_, on) = await RunAsync(admin, "settings",
            [CommandOptionValue.Boolean("economy", true), CommandOptionValue.String("currency_name", "gems"), CommandOptionValue.String("currency_symbol", "💎")],
            guild.Id, ManageGuild);
        Assert.Contains("switched the economy **on**, named the currency **gems**, set the symbol to 💎", Render(on));
        var (_, claimed) = await RunAsync(member, "daily", [], guild.Id);
        Assert.Contains("You received 💎 **100** gems", Render(claimed));
        Assert.Equal("daily", Assert.Single(await LedgerAsync(member)).Kind);
    }

    [Fact]
    public async Task Settings_restrict_the_economy_to_chosen_channels_and_clear_them()
    {
        var guild = Discord.Guilds[2];
        var (admin, member) = (UserOf(14), UserOf(14, 1));
        var general = guild.DefaultTextChannel;
        var botCommands = guild.Channels.First(c => c.Type == ChannelType.GuildText && c.Id != general.Id);

        var (_, allowed) = await RunAsync(admin, "settings", [CommandOptionValue.Channel("allow_channel", botCommands.Id)], guild.Id, ManageGuild);
        Assert.Contains($"allowed <#{botCommands.Id}>", Render(allowed));

        var (_, elsewhere) = await RunAsync(member, "work", [], guild.Id);
        Assert.True(elsewhere.Ephemeral);
        Assert.Equal($"Economy commands are not allowed in this channel. Use <#{botCommands.Id}>.", elsewhere.Content);
        Assert.Empty(await LedgerAsync(member));

        var (_, there) = await RunAsync(member, "work", [], guild.Id, settings: new InteractionSettings { ChannelId = botCommands.Id });
        Assert.Contains("You worked a shift", Render(there));

        var (_, shown) = await RunAsync(admin, "settings", [], guild.Id, ManageGuild);
        Assert.Contains($"<#{botCommands.Id}>", Render(shown));
        var (_, cleared) = await RunAsync(admin, "settings", [CommandOptionValue.Boolean("clear_channels", true)], guild.Id, ManageGuild);
        Assert.Contains("every channel", Render(cleared));
        var (_, anywhere) = await RunAsync(member, "daily", [], guild.Id);
        Assert.Contains("You received", Render(anywhere));
        Assert.Equal(["work", "daily"], (await LedgerAsync(member)).Select(r => r.Kind));
    }

    // ── helpers ──────────────────────────────────────────────────────────────────────────────

    private Task<(EmulatedInteraction Interaction, InteractionReply Reply)> RunAsync(ulong user, string command, params CommandOptionValue[] options) =>
        RunAsync(user, command, options, null);

    private async Task<(EmulatedInteraction Interaction, InteractionReply Reply)> RunAsync(ulong user, string command, CommandOptionValue[] options,
        ulong? guildId = null, ulong? permissions = null, InteractionSettings? settings = null)
    {
        var interaction = await Discord.SendSlashCommandAsync(guildId ?? Guild.Id, user, command, options, permissions, settings);
        return (interaction, await interaction.WaitForFinalReplyAsync(EconomyCommandFixture.Timeout));
    }

    /// <summary>The reply as a user reads it: content, then each embed's title, description and fields.</summary>
    private static string Render(InteractionReply reply)
    {
        var text = new StringBuilder(reply.Content);
        foreach (var embed in reply.Embeds.OfType<JsonObject>())
        {
            text.Append('\n').Append(embed["title"]?.GetValue<string>()).Append('\n').Append(embed["description"]?.GetValue<string>());
            foreach (var field in (embed["fields"] as JsonArray ?? []).OfType<JsonObject>())
                text.Append('\n').Append(field["name"]?.GetValue<string>()).Append(": ").Append(field["value"]?.GetValue<string>());
        }
        return text.ToString();
    }

    private sealed record LedgerRow(long Seq, string Kind, long WalletDelta, long BankDelta, long WalletAfter, long BankAfter, long? CounterpartyId,
        long IdempotencyKey, long? GuildId);

    private async Task<List<LedgerRow>> LedgerAsync(ulong user)
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq, kind, wallet_delta, bank_delta, wallet_after, bank_after, counterparty_id, idempotency_key, guild_id FROM ledger WHERE user_id = @user ORDER BY seq",
            connection);
        command.Parameters.AddWithValue("user", (long)user);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync())
            rows.Add(new LedgerRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt64(8)));
        return rows;
    }

    private async Task WaitForAsync(string countSql, long minimum)
    {
        var deadline = DateTime.UtcNow + EconomyCommandFixture.Timeout;
        while (true)
        {
            await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(countSql, connection);
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            if (count >= minimum) return;
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {minimum} rows: {countSql}");
            await Task.Delay(200);
        }
    }
}
