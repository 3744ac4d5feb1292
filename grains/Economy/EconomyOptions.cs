using Asphalt.Grains.Interfaces.Economy;

namespace Asphalt.Grains.Economy;

/// <summary>
/// Section <c>Economy</c>. Every amount, cooldown, reward, game table and the shop catalogue is
/// configuration; the defaults written here ARE the documented default configuration
/// (docs/economy.md). Lists are null until bound, then <see cref="WithDefaults"/> fills the ones
/// the configuration did not give (binding onto a pre-filled list would append to it).
/// </summary>
public sealed record EconomyOptions
{
    public const string Section = "Economy";

    /// <summary>Largest amount one operation (pay, deposit, withdraw, grant) may move.</summary>
    public long MaxAmount { get; init; } = 1_000_000_000_000;

    public StreakRewardOptions Daily { get; init; } = new()
    {
        Reward = 100, Cooldown = TimeSpan.FromHours(24), StreakBreaksAfter = TimeSpan.FromHours(48),
        StreakBonus = 10, MaxStreakBonusSteps = 10,
    };

    public StreakRewardOptions Weekly { get; init; } = new()
    {
        Reward = 1_000, Cooldown = TimeSpan.FromDays(7), StreakBreaksAfter = TimeSpan.FromDays(14),
        StreakBonus = 100, MaxStreakBonusSteps = 4,
    };

    public WorkOptions Work { get; init; } = new();

    public GamblingOptions Gambling { get; init; } = new();

    /// <summary>The shop. Default: <see cref="DefaultShop"/>.</summary>
    public IReadOnlyList<ShopItemOptions>? Shop { get; init; }

    /// <summary>Largest quantity of one /buy.</summary>
    public int MaxPurchaseQuantity { get; init; } = 100;

    /// <summary>Reward multiplier of each donator tier, in percent; index = tier. Default 100, 110, 125, 150.</summary>
    public IReadOnlyList<int>? DonatorMultipliersPercent { get; init; }

    /// <summary>Users refused every economy operation (and as pay targets).</summary>
    public IReadOnlyList<long>? BlockedUserIds { get; init; }

    /// <summary>How many recent idempotency keys (with their results) a user grain remembers.</summary>
    public int IdempotencyWindow { get; init; } = 256;

    /// <summary>Guild leaderboards a user takes part in (the most recent ones are kept).</summary>
    public int MaxGuildsPerUser { get; init; } = 200;

    public LeaderboardOptions Leaderboard { get; init; } = new();

    public static readonly IReadOnlyList<ShopItemOptions> DefaultShop =
    [
        new() { Id = "coffee", Name = "Coffee", Description = "Your next /work pays 1.5×.", Price = 250, Effect = ItemEffect.WorkBoost, Value = 150 },
        new() { Id = "alarm_clock", Name = "Alarm clock", Description = "Takes 30 minutes off your /work cooldown.", Price = 400, Effect = ItemEffect.CooldownReduction, Value = 1800, Cooldown = CooldownKind.Work },
        new() { Id = "time_crystal", Name = "Time crystal", Description = "Takes 6 hours off your /daily cooldown.", Price = 2_000, Effect = ItemEffect.CooldownReduction, Value = 21_600, Cooldown = CooldownKind.Daily },
        new() { Id = "coin_pouch", Name = "Coin pouch", Description = "Open it for 1,000 coins (handed out by votes and keys).", Price = 1_000, Effect = ItemEffect.GrantCoins, Value = 1_000 },
    ];

    public static readonly IReadOnlyList<int> DefaultDonatorMultipliersPercent = [100, 110, 125, 150];

    /// <summary>The options with every unbound list replaced by its default.</summary>
    public EconomyOptions WithDefaults() => this with
    {
        Shop = Shop ?? DefaultShop,
        DonatorMultipliersPercent = DonatorMultipliersPercent is { Count: > 0 } m ? m : DefaultDonatorMultipliersPercent,
        BlockedUserIds = BlockedUserIds ?? [],
        Gambling = Gambling.WithDefaults(),
    };

    public IReadOnlyList<ShopItemOptions> Catalogue => Shop ?? DefaultShop;
    public IReadOnlyList<int> Multipliers => DonatorMultipliersPercent is { Count: > 0 } m ? m : DefaultDonatorMultipliersPercent;
    public IReadOnlyList<long> Blocked => BlockedUserIds ?? [];

    /// <summary>What is wrong with the configuration, each as a sentence that says what to fix; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var o = WithDefaults();
        var problems = new List<string>();
        void Require(bool ok, string message) { if (!ok) problems.Add(message); }

        Require(o.MaxAmount > 0, $"Economy:MaxAmount must be positive (is {o.MaxAmount}).");
        o.Daily.Check("Economy:Daily", problems);
        o.Weekly.Check("Economy:Weekly", problems);
        o.Work.Check(problems);
        o.Gambling.Check(problems);
        Require(o.MaxPurchaseQuantity >= 1, $"Economy:MaxPurchaseQuantity must be at least 1 (is {o.MaxPurchaseQuantity}).");
        Require(o.IdempotencyWindow >= 16, $"Economy:IdempotencyWindow must be at least 16 keys (is {o.IdempotencyWindow}); Discord retries within 15 minutes.");
        Require(o.MaxGuildsPerUser >= 1, $"Economy:MaxGuildsPerUser must be at least 1 (is {o.MaxGuildsPerUser}).");
        Require(o.Leaderboard.Size is >= 1 and <= 100, $"Economy:Leaderboard:Size must be between 1 and 100 (is {o.Leaderboard.Size}).");
        Require(o.Leaderboard.Buffer >= o.Leaderboard.Size,
            $"Economy:Leaderboard:Buffer ({o.Leaderboard.Buffer}) must be at least Economy:Leaderboard:Size ({o.Leaderboard.Size}); a larger buffer replaces users who drop out correctly.");
        for (var i = 0; i < o.Multipliers.Count; i++)
            Require(o.Multipliers[i] is >= 100 and <= 1_000, $"Economy:DonatorMultipliersPercent:{i} must be between 100 and 1000 percent (is {o.Multipliers[i]}).");
        Require(o.Multipliers[0] == 100, "Economy:DonatorMultipliersPercent:0 (tier 0, everybody) must be 100.");

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < o.Catalogue.Count; i++)
        {
            var item = o.Catalogue[i];
            var at = $"Economy:Shop:{i}";
            if (string.IsNullOrWhiteSpace(item.Id)) { problems.Add($"{at}:Id is required."); continue; }
            Require(ids.Add(item.Id), $"{at}:Id '{item.Id}' appears twice in the shop; item ids must be unique.");
            Require(!string.IsNullOrWhiteSpace(item.Name), $"{at}:Name is required (item '{item.Id}').");
            Require(item.Price > 0, $"{at}:Price must be positive (item '{item.Id}' has {item.Price}).");
            Require(item.Value > 0, $"{at}:Value must be positive (item '{item.Id}' has {item.Value}).");
            switch (item.Effect)
            {
                case ItemEffect.GrantCoins:
                    Require(item.Value <= item.Price, $"{at}:Value ({item.Value}) must not exceed its Price ({item.Price}): a GrantCoins item bought in the shop would create coins.");
                    break;
                case ItemEffect.WorkBoost:
                    Require(item.Value is > 100 and <= 1_000, $"{at}:Value is the boosted /work payout in percent and must be between 101 and 1000 (item '{item.Id}' has {item.Value}).");
                    break;
                case ItemEffect.CooldownReduction:
                    Require(item.Cooldown is not null, $"{at}:Cooldown (Daily, Weekly or Work) is required for a CooldownReduction item ('{item.Id}').");
                    Require(item.Value <= 31_536_000, $"{at}:Value is the reduction in seconds and must be at most a year, 31536000 (item '{item.Id}' has {item.Value}).");
                    break;
                default:
                    problems.Add($"{at}:Effect '{item.Effect}' is unknown; use GrantCoins, WorkBoost or CooldownReduction.");
                    break;
            }
        }
        return problems;
    }
}

/// <summary>A claim with a cooldown and a streak (daily, weekly).</summary>
public sealed record StreakRewardOptions
{
    public long Reward { get; init; }
    public TimeSpan Cooldown { get; init; }
    /// <summary>The streak resets when more than this has passed since the previous claim ("missed").</summary>
    public TimeSpan StreakBreaksAfter { get; init; }
    /// <summary>Extra coins per consecutive claim after the first.</summary>
    public long StreakBonus { get; init; }
    /// <summary>The bonus stops growing after this many consecutive claims (the cap).</summary>
    public int MaxStreakBonusSteps { get; init; }

    /// <summary>Reward of the claim that makes the streak <paramref name="streak"/> (1 = first claim), before multipliers.</summary>
    public long RewardFor(int streak) => checked(Reward + StreakBonus * Math.Min(Math.Max(streak - 1, 0), MaxStreakBonusSteps));

    internal void Check(string at, List<string> problems)
    {
        if (Reward <= 0) problems.Add($"{at}:Reward must be positive (is {Reward}).");
        if (Cooldown <= TimeSpan.Zero) problems.Add($"{at}:Cooldown must be positive (is {Cooldown}).");
        if (StreakBreaksAfter < Cooldown) problems.Add($"{at}:StreakBreaksAfter ({StreakBreaksAfter}) must be at least the Cooldown ({Cooldown}), or no streak could ever grow.");
        if (StreakBonus < 0) problems.Add($"{at}:StreakBonus must not be negative (is {StreakBonus}).");
        if (MaxStreakBonusSteps < 0) problems.Add($"{at}:MaxStreakBonusSteps must not be negative (is {MaxStreakBonusSteps}).");
        try { _ = RewardFor(MaxStreakBonusSteps + 1); }
        catch (OverflowException) { problems.Add($"{at}: the capped reward overflows 64 bits; lower Reward, StreakBonus or MaxStreakBonusSteps."); }
    }
}

public sealed record WorkOptions
{
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromHours(1);
    public int MinPayout { get; init; } = 50;
    public int MaxPayout { get; init; } = 200;

    internal void Check(List<string> problems)
    {
        if (Cooldown <= TimeSpan.Zero) problems.Add($"Economy:Work:Cooldown must be positive (is {Cooldown}).");
        if (MinPayout <= 0) problems.Add($"Economy:Work:MinPayout must be positive (is {MinPayout}).");
        if (MaxPayout < MinPayout) problems.Add($"Economy:Work:MaxPayout ({MaxPayout}) must be at least Economy:Work:MinPayout ({MinPayout}).");
        if (MaxPayout == int.MaxValue) problems.Add("Economy:Work:MaxPayout must be below 2147483647.");
    }
}

public sealed record LeaderboardOptions
{
    /// <summary>How many entries a leaderboard shows.</summary>
    public int Size { get; init; } = 10;
    /// <summary>How many it tracks, so that when one of the top drops out the next is known.</summary>
    public int Buffer { get; init; } = 100;
}

public sealed record ShopItemOptions
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public long Price { get; init; }
    public ItemEffect Effect { get; init; }
    public long Value { get; init; }
    public CooldownKind? Cooldown { get; init; }

    public ShopItem ToShopItem() => new(Id, Name, Description, Price, Effect, Value, Cooldown);
}

public sealed record GamblingOptions
{
    public long MinBet { get; init; } = 10;
    public long MaxBet { get; init; } = 100_000;

    /// <summary>What a won coin flip returns, in percent of the bet, stake included (195 = bet back + 95 %).</summary>
    public int CoinflipPayoutPercent { get; init; } = 195;

    /// <summary>The symbols of each of the three (identical, independent) reels. Default: <see cref="SlotMachine.DefaultSymbols"/>.</summary>
    public IReadOnlyList<SlotSymbolOptions>? SlotSymbols { get; init; }

    /// <summary>The payout table. Default: <see cref="SlotMachine.DefaultPayouts"/>.</summary>
    public IReadOnlyList<SlotPayoutOptions>? SlotPayouts { get; init; }

    public GamblingOptions WithDefaults() => this with
    {
        SlotSymbols = SlotSymbols is { Count: > 0 } s ? s : SlotMachine.DefaultSymbols,
        SlotPayouts = SlotPayouts is { Count: > 0 } p ? p : SlotMachine.DefaultPayouts,
    };

    public SlotMachine Slots => new(WithDefaults().SlotSymbols!, WithDefaults().SlotPayouts!);

    /// <summary>House edge of the coin flip: 1 − ½ · payout.</summary>
    public decimal CoinflipHouseEdge => 1m - CoinflipPayoutPercent / 200m;

    internal void Check(List<string> problems)
    {
        if (MinBet <= 0) problems.Add($"Economy:Gambling:MinBet must be positive (is {MinBet}).");
        if (MaxBet < MinBet) problems.Add($"Economy:Gambling:MaxBet ({MaxBet}) must be at least Economy:Gambling:MinBet ({MinBet}).");
        if (CoinflipPayoutPercent is <= 100 or >= 200)
            problems.Add($"Economy:Gambling:CoinflipPayoutPercent must be above 100 (a win must win something) and below 200 (the house must keep an edge); is {CoinflipPayoutPercent}.");
        var slots = WithDefaults();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < slots.SlotSymbols!.Count; i++)
        {
            var s = slots.SlotSymbols[i];
            if (string.IsNullOrWhiteSpace(s.Name)) problems.Add($"Economy:Gambling:SlotSymbols:{i}:Name is required.");
            else if (!names.Add(s.Name)) problems.Add($"Economy:Gambling:SlotSymbols:{i}:Name '{s.Name}' appears twice.");
            if (s.Weight <= 0) problems.Add($"Economy:Gambling:SlotSymbols:{i}:Weight must be positive (symbol '{s.Name}' has {s.Weight}).");
        }
        if (slots.SlotSymbols.Count > 20) problems.Add("Economy:Gambling:SlotSymbols may hold at most 20 symbols.");
        for (var i = 0; i < slots.SlotPayouts!.Count; i++)
        {
            var p = slots.SlotPayouts[i];
            if (!names.Contains(p.Symbol)) problems.Add($"Economy:Gambling:SlotPayouts:{i}:Symbol '{p.Symbol}' is not one of Economy:Gambling:SlotSymbols.");
            if (p.Count is not (2 or 3)) problems.Add($"Economy:Gambling:SlotPayouts:{i}:Count must be 2 (exactly two of the symbol) or 3 (three of a kind); is {p.Count}.");
            if (p.PayoutPercent <= 0) problems.Add($"Economy:Gambling:SlotPayouts:{i}:PayoutPercent must be positive (is {p.PayoutPercent}).");
        }
        if (problems.Count == 0 && Slots.ReturnToPlayer >= 1m)
            problems.Add($"Economy:Gambling slot table returns {Slots.ReturnToPlayer:P2} of the bets; lower SlotPayouts so the house keeps an edge (return below 100 %).");
    }
}

public sealed record SlotSymbolOptions
{
    public string Name { get; init; } = "";
    public int Weight { get; init; }
}

public sealed record SlotPayoutOptions
{
    public string Symbol { get; init; } = "";
    /// <summary>3 = three of a kind; 2 = exactly two of the symbol on the three reels.</summary>
    public int Count { get; init; }
    /// <summary>Total return in percent of the bet, stake included.</summary>
    public long PayoutPercent { get; init; }
}
