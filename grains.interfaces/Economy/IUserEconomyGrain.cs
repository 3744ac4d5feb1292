namespace Asphalt.Grains.Interfaces.Economy;

/// <summary>
/// One Discord user's coins, items, cooldowns and streaks. Key: the user's snowflake.
/// Every mutating method takes an <see cref="EconomyContext"/> whose <c>IdempotencyKey</c> (the
/// interaction id) makes it exactly-once: a repeat with the same key returns the first result
/// (with <see cref="EconomyResult.Replayed"/> set) and changes nothing. Refusals change nothing
/// and are not remembered, so a refused call may be retried.
/// </summary>
[Alias("asphalt.economy.user")]
public interface IUserEconomyGrain : IGrainWithIntegerKey
{
    /// <summary>Read-only: wallet and bank (/balance).</summary>
    [ReadOnly, Alias("balance")]
    Task<Balance> GetBalanceAsync();

    /// <summary>Read-only: balances, net worth, streaks, tier, cooldowns and inventory (/profile, /inventory).</summary>
    [ReadOnly, Alias("profile")]
    Task<EconomyProfile> GetProfileAsync();

    /// <summary>Claims the daily reward (24 h cooldown, streak bonus). Idempotent by key.</summary>
    [Alias("daily")]
    Task<EconomyResult> ClaimDailyAsync(EconomyContext context);

    /// <summary>Claims the weekly reward (7 d cooldown, streak bonus). Idempotent by key.</summary>
    [Alias("weekly")]
    Task<EconomyResult> ClaimWeeklyAsync(EconomyContext context);

    /// <summary>Works for a random payout in the configured range (cooldown). Idempotent by key.</summary>
    [Alias("work")]
    Task<EconomyResult> WorkAsync(EconomyContext context);

    /// <summary>Moves coins from wallet to bank. Idempotent by key.</summary>
    [Alias("deposit")]
    Task<EconomyResult> DepositAsync(EconomyContext context, CoinAmount amount);

    /// <summary>Moves coins from bank to wallet. Idempotent by key.</summary>
    [Alias("withdraw")]
    Task<EconomyResult> WithdrawAsync(EconomyContext context, CoinAmount amount);

    /// <summary>
    /// Pays another user from the wallet: debited here at once, credited there exactly once (now, or
    /// later if the receiver is unreachable — <see cref="EconomyResult.Transfer"/> says which). Idempotent by key.
    /// </summary>
    [Alias("pay")]
    Task<EconomyResult> PayAsync(EconomyContext context, PayRequest request);

    /// <summary>Bets on a coin flip (house edge in docs/economy.md). Idempotent by key.</summary>
    [Alias("coinflip")]
    Task<EconomyResult> CoinflipAsync(EconomyContext context, long bet, CoinSide side);

    /// <summary>Spins the slot machine (payout table and house edge in docs/economy.md). Idempotent by key.</summary>
    [Alias("slots")]
    Task<EconomyResult> SlotsAsync(EconomyContext context, long bet);

    /// <summary>Buys items of the catalogue with wallet coins. Idempotent by key.</summary>
    [Alias("buy")]
    Task<EconomyResult> BuyAsync(EconomyContext context, string itemId, int quantity);

    /// <summary>Uses one item of the inventory and applies its effect. Idempotent by key.</summary>
    [Alias("use")]
    Task<EconomyResult> UseAsync(EconomyContext context, string itemId);

    /// <summary>Credits a reward decided elsewhere (a vote, a staff grant). Idempotent by key.</summary>
    [Alias("grant")]
    Task<EconomyResult> GrantAsync(EconomyContext context, GrantKind kind, long amount);

    /// <summary>Sets the donator tier (index into Economy:DonatorMultipliersPercent); staff and keys call it. Idempotent.</summary>
    [Alias("tier.set")]
    Task<EconomyResult> SetDonatorTierAsync(int tier);

    /// <summary>
    /// Second step of a transfer, called by the paying user's grain: credits the wallet exactly once
    /// per (sender, sequence). Interleaves, so two users paying each other cannot deadlock.
    /// </summary>
    [AlwaysInterleave, Alias("transfer.receive")]
    Task<TransferReceipt> ReceiveTransferAsync(IncomingTransfer transfer);

    /// <summary>Re-reads the stored state, flushes pending ledger rows and delivers pending outgoing transfers; returns what is still pending. Idempotent.</summary>
    [Alias("settle")]
    Task<Settlement> SettleAsync();
}

/// <summary>Who asks, and under which key. <c>GuildId</c>/<c>ChannelId</c> are null in DMs.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.context")]
public sealed record EconomyContext(
    [property: Id(0)] long IdempotencyKey,
    [property: Id(1)] long? GuildId = null,
    [property: Id(2)] long? ChannelId = null);

[GenerateSerializer, Immutable, Alias("asphalt.economy.balance")]
public sealed record Balance([property: Id(0)] long Wallet, [property: Id(1)] long Bank)
{
    /// <summary>Wallet + bank; the grain never lets it exceed <see cref="long.MaxValue"/>.</summary>
    public long NetWorth => Wallet + Bank;
}

/// <summary>An amount option: a number of coins or "all".</summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.amount")]
public sealed record CoinAmount([property: Id(0)] long Value, [property: Id(1)] bool All)
{
    public static CoinAmount Of(long value) => new(value, false);
    public static readonly CoinAmount Everything = new(0, true);
}

/// <summary>
/// The target of a /pay. The caller (who has the Discord user object and the blocklist) says whether
/// the target is a bot or blocked; the grain also refuses ids listed in Economy:BlockedUserIds.
/// </summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.pay")]
public sealed record PayRequest(
    [property: Id(0)] long ToUserId,
    [property: Id(1)] long Amount,
    [property: Id(2)] bool TargetIsBot = false,
    [property: Id(3)] bool TargetIsBlocked = false);

public enum CoinSide { Heads = 0, Tails = 1 }

public enum GrantKind { Vote = 0, Staff = 1 }

public enum EconomyOutcome
{
    Succeeded = 0,
    /// <summary>Not enough coins; <see cref="EconomyResult.Balance"/> has the balance.</summary>
    InsufficientFunds = 1,
    /// <summary>Cooldown; <see cref="EconomyResult.RetryAt"/> says when it ends.</summary>
    OnCooldown = 2,
    /// <summary>Zero, negative or too large; <see cref="EconomyResult.Minimum"/>/<see cref="EconomyResult.Maximum"/> give the range.</summary>
    AmountOutOfRange = 3,
    UnknownItem = 4,
    NotInInventory = 5,
    CannotPaySelf = 6,
    CannotPayBot = 7,
    /// <summary>The user or the target is blocked from the economy.</summary>
    Blocked = 8,
    /// <summary>The balance would exceed 2^63 − 1 coins.</summary>
    WouldOverflow = 9,
    /// <summary>The guild has switched the economy off.</summary>
    EconomyDisabled = 10,
    /// <summary>The guild allows economy commands only in other channels.</summary>
    ChannelNotAllowed = 11,
    /// <summary>The idempotency key was used before for a different operation.</summary>
    KeyReused = 12,
    /// <summary>An item effect of the same kind is already active.</summary>
    EffectAlreadyActive = 13,
    /// <summary>Invalid argument other than an amount (unknown tier, missing key …).</summary>
    InvalidRequest = 14,
    /// <summary>A cooldown-reduction item was used while that cooldown is not running.</summary>
    NoCooldownRunning = 15,
}

public enum EconomyOperation
{
    Daily, Weekly, Work, Deposit, Withdraw, Pay, Coinflip, Slots, Buy, Use, Grant, SetTier,
}

public enum TransferStatus
{
    /// <summary>Both sides have changed.</summary>
    Completed = 0,
    /// <summary>Debited here; the credit is retried until it lands (it is durable).</summary>
    Pending = 1,
    /// <summary>The receiver refused (their balance would overflow); the coins came back.</summary>
    Refunded = 2,
}

/// <summary>The answer to every mutating call: success or the specific refusal, with what the reply needs.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.result")]
public sealed record EconomyResult(
    [property: Id(0)] EconomyOperation Operation,
    [property: Id(1)] EconomyOutcome Outcome,
    [property: Id(2)] Balance Balance)
{
    public bool Succeeded => Outcome == EconomyOutcome.Succeeded;
    /// <summary>Net change of the user's coins (wallet + bank) by this operation; 0 for deposit/withdraw.</summary>
    [Id(3)] public long Delta { get; init; }
    /// <summary>When a cooldown ends (OnCooldown), or when the next claim is possible (success).</summary>
    [Id(4)] public DateTimeOffset? RetryAt { get; init; }
    [Id(5)] public long? Minimum { get; init; }
    [Id(6)] public long? Maximum { get; init; }
    /// <summary>Daily/weekly streak after the claim.</summary>
    [Id(7)] public int? Streak { get; init; }
    [Id(8)] public GambleDetail? Gamble { get; init; }
    [Id(9)] public string? ItemId { get; init; }
    [Id(10)] public int? Quantity { get; init; }
    [Id(11)] public TransferStatus? Transfer { get; init; }
    /// <summary>Coins moved by deposit/withdraw/pay, or the payout before multipliers for work.</summary>
    [Id(12)] public long? Amount { get; init; }
    /// <summary>True when this is the remembered answer to an earlier call with the same key.</summary>
    [Id(13)] public bool Replayed { get; init; }
    [Id(14)] public int? DonatorTier { get; init; }
}

/// <summary>What a game showed: the coin's side or the reels, and the total return in percent of the bet (0 = lost).</summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.gamble")]
public sealed record GambleDetail(
    [property: Id(0)] CoinSide? Landed,
    [property: Id(1)] IReadOnlyList<string>? Reels,
    [property: Id(2)] long PayoutPercent,
    [property: Id(3)] long Payout);

[GenerateSerializer, Immutable, Alias("asphalt.economy.inventory.line")]
public sealed record InventoryLine([property: Id(0)] string ItemId, [property: Id(1)] string Name, [property: Id(2)] int Quantity);

[GenerateSerializer, Immutable, Alias("asphalt.economy.profile")]
public sealed record EconomyProfile(
    [property: Id(0)] long UserId,
    [property: Id(1)] Balance Balance,
    [property: Id(2)] int DailyStreak,
    [property: Id(3)] int BestDailyStreak,
    [property: Id(4)] int WeeklyStreak,
    [property: Id(5)] int DonatorTier,
    [property: Id(6)] int MultiplierPercent,
    [property: Id(7)] IReadOnlyList<InventoryLine> Inventory,
    [property: Id(8)] DateTimeOffset? NextDailyAt,
    [property: Id(9)] DateTimeOffset? NextWeeklyAt,
    [property: Id(10)] DateTimeOffset? NextWorkAt,
    [property: Id(11)] int? WorkBoostPercent,
    [property: Id(12)] int PendingTransfers)
{
    public long NetWorth => Balance.NetWorth;
}

/// <summary>Step two of a transfer: sender's id and its per-sender sequence number identify it.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.transfer.in")]
public sealed record IncomingTransfer(
    [property: Id(0)] long FromUserId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] long Amount,
    [property: Id(3)] long IdempotencyKey,
    [property: Id(4)] long? GuildId);

[GenerateSerializer, Immutable, Alias("asphalt.economy.transfer.receipt")]
public sealed record TransferReceipt([property: Id(0)] bool Accepted, [property: Id(1)] EconomyOutcome Outcome);

[GenerateSerializer, Immutable, Alias("asphalt.economy.settlement")]
public sealed record Settlement(
    [property: Id(0)] int PendingTransfers,
    [property: Id(1)] int UnwrittenLedgerEntries,
    [property: Id(2)] Balance Balance,
    [property: Id(3)] long LedgerEntries);
