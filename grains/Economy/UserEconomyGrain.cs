using Asphalt.Grains.Interfaces.Economy;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Asphalt.Grains.Economy;

/// <summary>
/// One user's economy. How it keeps every coin (docs/economy.md has the long form):
/// <list type="bullet">
/// <item><b>Commit point.</b> An operation decides, changes the in-memory state, appends its ledger
/// rows to <see cref="EconomyState.Outbox"/>, remembers its result under the idempotency key and
/// writes the state once. That write is the commit: before it nothing happened, after it
/// everything did. A failed write re-reads the stored state, so memory never runs ahead of storage.</item>
/// <item><b>Ledger.</b> The outbox is written to the ledger table (insert-if-absent by user and
/// sequence) before the grain replies; if that fails, or the silo dies first, the rows stay in the
/// stored outbox and are written again at the next activation, by a catch-up timer, or with the
/// next operation. Writing twice is harmless.</item>
/// <item><b>Exactly once.</b> A key already remembered returns the remembered result; the window
/// (Economy:IdempotencyWindow) is far longer than Discord's 15-minute interaction lifetime.</item>
/// <item><b>Transfers.</b> /pay is a durable two-step transfer rather than an Orleans transaction:
/// a transaction would put both users' state under the transactional storage provider and lock
/// both grains for every pay, while the two-step transfer needs nothing but the state write
/// we already do, never holds two grains at once, and its failure cases are few and testable.
/// Step 1 (one state write here): debit the wallet and add a <see cref="PendingTransfer"/>
/// numbered by a per-sender sequence. Step 2 (one write there): the receiver credits it unless its
/// watermark for this sender is already at or past the sequence. Step 3 (a write here): drop the
/// pending transfer (or refund it if the receiver refused). A sender delivers its pending transfers
/// to one receiver strictly in sequence order and never a later one before an earlier one is
/// settled, so "sequence ≤ watermark" is exactly "already credited", and the receiver needs one
/// number per payer instead of a set of ids. Pending transfers are resumed on activation, by a
/// timer, and by a reminder registered while one may be pending (it survives a silo's death).</item>
/// <item><b>No deadlock.</b> <see cref="ReceiveTransferAsync"/> interleaves (two users paying each
/// other would otherwise wait on each other); all state changes and writes happen under one
/// async gate, and no grain call is made while holding it.</item>
/// </list>
/// </summary>
public sealed class UserEconomyGrain(
    [PersistentState("economy", StorageNames.Default)] IPersistentState<EconomyState> state,
    IOptions<EconomyOptions> options,
    [FromKeyedServices(EconomyServiceKeys.Clock)] TimeProvider clock,
    IEconomyRandom random,
    ILedgerStore ledger,
    ILogger<UserEconomyGrain> logger) : Grain, IUserEconomyGrain, IRemindable
{
    private const string TransferReminder = "economy.transfers";
    // Orleans' minimum reminder period is one minute.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    // The in-activation retry of ledger writes and deliveries that failed; the reminder backs it up.
    private static readonly TimeSpan CatchUpPeriod = TimeSpan.FromSeconds(5);

    private readonly EconomyOptions _options = options.Value.WithDefaults();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IGrainTimer? _catchUp;
    private bool _reminderRegistered;

    private EconomyState S => state.State;
    private long UserId => this.GetPrimaryKeyLong();
    private Balance CurrentBalance => new(S.Wallet, S.Bank);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Outbox.Count > 0) await FlushAsync();
        if (S.PendingTransfers.Count > 0)
        {
            await EnsureReminderAsync();
            StartCatchUp(TimeSpan.Zero);
        }
    }

    // ── reads ────────────────────────────────────────────────────────────────────────────────

    public async Task<Balance> GetBalanceAsync()
    {
        await _gate.WaitAsync();
        try { return CurrentBalance; }
        finally { _gate.Release(); }
    }

    public async Task<EconomyProfile> GetProfileAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var inventory = S.Inventory.Where(i => i.Value > 0).OrderBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => new InventoryLine(i.Key, FindItem(i.Key)?.Name ?? i.Key, i.Value)).ToList();
            return new EconomyProfile(UserId, CurrentBalance, CurrentStreak(S.DailyStreak, S.LastDailyAt, _options.Daily),
                S.BestDailyStreak, CurrentStreak(S.WeeklyStreak, S.LastWeeklyAt, _options.Weekly), S.DonatorTier,
                MultiplierPercent, inventory, S.NextDailyAt, S.NextWeeklyAt, S.NextWorkAt, S.WorkBoostPercent,
                S.PendingTransfers.Count);
        }
        finally { _gate.Release(); }
    }

    /// <summary>A streak shows as 0 once it can no longer be continued.</summary>
    private int CurrentStreak(int streak, DateTimeOffset? last, StreakRewardOptions rule) =>
        last is { } at && clock.GetUtcNow() - at <= rule.StreakBreaksAfter ? streak : 0;

    // ── claims ───────────────────────────────────────────────────────────────────────────────

    public Task<EconomyResult> ClaimDailyAsync(EconomyContext context) =>
        MutateAsync(context, EconomyOperation.Daily, () => Claim(context, EconomyOperation.Daily, _options.Daily, LedgerKind.Daily,
            () => (S.LastDailyAt, S.NextDailyAt, S.DailyStreak),
            (last, next, streak) =>
            {
                S.LastDailyAt = last;
                S.NextDailyAt = next;
                S.DailyStreak = streak;
                S.BestDailyStreak = Math.Max(S.BestDailyStreak, streak);
            }));

    public Task<EconomyResult> ClaimWeeklyAsync(EconomyContext context) =>
        MutateAsync(context, EconomyOperation.Weekly, () => Claim(context, EconomyOperation.Weekly, _options.Weekly, LedgerKind.Weekly,
            () => (S.LastWeeklyAt, S.NextWeeklyAt, S.WeeklyStreak),
            (last, next, streak) =>
            {
                S.LastWeeklyAt = last;
                S.NextWeeklyAt = next;
                S.WeeklyStreak = streak;
            }));

    /// <summary>
    /// A claim is allowed once the cooldown has ended. The streak continues when this claim comes at
    /// most StreakBreaksAfter (48 h for daily) after the previous claim, and otherwise starts again
    /// at 1 ("missed"). The reward is Reward + StreakBonus × min(streak − 1, MaxStreakBonusSteps),
    /// times the donator multiplier.
    /// </summary>
    private EconomyResult Claim(EconomyContext context, EconomyOperation operation, StreakRewardOptions rule, LedgerKind kind,
        Func<(DateTimeOffset? Last, DateTimeOffset? Next, int Streak)> read, Action<DateTimeOffset, DateTimeOffset, int> write)
    {
        var now = clock.GetUtcNow();
        var (last, next, streak) = read();
        if (next is { } end && now < end) return Refuse(operation, EconomyOutcome.OnCooldown) with { RetryAt = end };
        var newStreak = last is { } at && now - at <= rule.StreakBreaksAfter ? checked(streak + 1) : 1;
        var reward = WithMultiplier(rule.RewardFor(newStreak));
        Apply(kind, reward, 0, context);
        write(now, now + rule.Cooldown, newStreak);
        return Success(operation) with { Delta = reward, Amount = reward, Streak = newStreak, RetryAt = now + rule.Cooldown };
    }

    public Task<EconomyResult> WorkAsync(EconomyContext context) =>
        MutateAsync(context, EconomyOperation.Work, () =>
        {
            const EconomyOperation op = EconomyOperation.Work;
            var now = clock.GetUtcNow();
            if (S.NextWorkAt is { } end && now < end) return Refuse(op, EconomyOutcome.OnCooldown) with { RetryAt = end };
            var work = _options.Work;
            long drawn = random.Next(work.MinPayout, work.MaxPayout + 1);
            var boost = S.WorkBoostPercent ?? 100;
            var payout = Percent(WithMultiplier(drawn), boost);
            Apply(LedgerKind.Work, payout, 0, context);
            S.WorkBoostPercent = null;
            S.NextWorkAt = now + work.Cooldown;
            return Success(op) with { Delta = payout, Amount = drawn, RetryAt = S.NextWorkAt };
        });

    public Task<EconomyResult> GrantAsync(EconomyContext context, GrantKind kind, long amount) =>
        MutateAsync(context, EconomyOperation.Grant, () =>
        {
            if (OutOfRange(EconomyOperation.Grant, amount, 1, _options.MaxAmount) is { } refused) return refused;
            if (!Enum.IsDefined(kind)) return Refuse(EconomyOperation.Grant, EconomyOutcome.InvalidRequest);
            Apply(kind == GrantKind.Vote ? LedgerKind.Vote : LedgerKind.StaffGrant, amount, 0, context);
            return Success(EconomyOperation.Grant) with { Delta = amount, Amount = amount };
        });

    // ── bank ─────────────────────────────────────────────────────────────────────────────────

    public Task<EconomyResult> DepositAsync(EconomyContext context, CoinAmount amount) =>
        MutateAsync(context, EconomyOperation.Deposit, () => Move(context, EconomyOperation.Deposit, amount, S.Wallet, LedgerKind.Deposit, +1));

    public Task<EconomyResult> WithdrawAsync(EconomyContext context, CoinAmount amount) =>
        MutateAsync(context, EconomyOperation.Withdraw, () => Move(context, EconomyOperation.Withdraw, amount, S.Bank, LedgerKind.Withdraw, -1));

    /// <summary>Wallet → bank (direction +1) or bank → wallet (−1); "all" takes everything from the source.</summary>
    private EconomyResult Move(EconomyContext context, EconomyOperation operation, CoinAmount amount, long source, LedgerKind kind, int direction)
    {
        if (amount is null) return Refuse(operation, EconomyOutcome.InvalidRequest);
        if (!amount.All && OutOfRange(operation, amount.Value, 1, _options.MaxAmount) is { } refused) return refused;
        var coins = amount.All ? source : amount.Value;
        if (coins <= 0 || coins > source) return Refuse(operation, EconomyOutcome.InsufficientFunds);
        Apply(kind, -direction * coins, direction * coins, context);
        return Success(operation) with { Amount = coins };
    }

    // ── pay ──────────────────────────────────────────────────────────────────────────────────

    public async Task<EconomyResult> PayAsync(EconomyContext context, PayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Registered before the debit is committed, so a transfer can never be pending without a
        // reminder to finish it, even if this silo dies right after the commit.
        await EnsureReminderAsync();
        var result = await MutateAsync(context, EconomyOperation.Pay, () =>
        {
            const EconomyOperation op = EconomyOperation.Pay;
            if (request.ToUserId == UserId) return Refuse(op, EconomyOutcome.CannotPaySelf);
            if (request.TargetIsBot) return Refuse(op, EconomyOutcome.CannotPayBot);
            if (request.TargetIsBlocked || _options.Blocked.Contains(request.ToUserId)) return Refuse(op, EconomyOutcome.Blocked);
            if (request.ToUserId <= 0) return Refuse(op, EconomyOutcome.InvalidRequest);
            if (OutOfRange(op, request.Amount, 1, _options.MaxAmount) is { } refused) return refused;
            if (request.Amount > S.Wallet) return Refuse(op, EconomyOutcome.InsufficientFunds);
            Apply(LedgerKind.TransferOut, -request.Amount, 0, context, counterparty: request.ToUserId);
            S.TransferSequence = checked(S.TransferSequence + 1);
            S.PendingTransfers.Add(new PendingTransfer(S.TransferSequence, request.ToUserId, request.Amount,
                context.IdempotencyKey, context.GuildId, clock.GetUtcNow()));
            return Success(op) with { Delta = -request.Amount, Amount = request.Amount, Transfer = TransferStatus.Pending };
        });
        if (!result.Succeeded || result.Transfer != TransferStatus.Pending) return result;

        await DeliverPendingAsync(onlyTo: request.ToUserId);
        // The delivery updated the remembered answer (completed or refunded); a replay stays marked as one.
        var settled = Remembered(context.IdempotencyKey)?.Result ?? result;
        return settled with { Replayed = result.Replayed };
    }

    public async Task<TransferReceipt> ReceiveTransferAsync(IncomingTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.Amount <= 0 || transfer.FromUserId == UserId) return new TransferReceipt(false, EconomyOutcome.InvalidRequest);
        long netWorth;
        await _gate.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (S.ReceivedWatermarks.TryGetValue(transfer.FromUserId, out var watermark) && transfer.Sequence <= watermark)
                    return new TransferReceipt(true, EconomyOutcome.Succeeded); // credited before: this is a retry
                try
                {
                    Apply(LedgerKind.TransferIn, transfer.Amount, 0, new EconomyContext(transfer.IdempotencyKey, transfer.GuildId),
                        counterparty: transfer.FromUserId);
                }
                catch (OverflowException)
                {
                    return new TransferReceipt(false, EconomyOutcome.WouldOverflow);
                }
                S.ReceivedWatermarks[transfer.FromUserId] = transfer.Sequence;
                if (transfer.GuildId is { } guild) JoinGuild(guild);
                if (await TryCommitAsync()) break;
                if (attempt == 2) throw new InconsistentStateException($"Economy state of user {UserId} keeps changing in storage");
            }
            await FlushAsync();
            netWorth = S.Wallet + S.Bank;
        }
        finally { _gate.Release(); }
        ReportNetWorth(netWorth);
        return new TransferReceipt(true, EconomyOutcome.Succeeded);
    }

    /// <summary>
    /// Delivers pending transfers in sequence order; after a failed delivery to a receiver, no later
    /// transfer to that receiver is tried in the same pass (the watermark rule depends on it).
    /// </summary>
    private async Task DeliverPendingAsync(long? onlyTo = null)
    {
        var stuck = new HashSet<long>();
        foreach (var pending in S.PendingTransfers.OrderBy(p => p.Sequence).ToList())
        {
            if (onlyTo is { } to && pending.ToUserId != to) continue;
            if (stuck.Contains(pending.ToUserId)) continue;
            TransferReceipt receipt;
            try
            {
                receipt = await GrainFactory.GetGrain<IUserEconomyGrain>(pending.ToUserId).ReceiveTransferAsync(
                    new IncomingTransfer(UserId, pending.Sequence, pending.Amount, pending.IdempotencyKey, pending.GuildId));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Transfer {Sequence} of user {User} to {Receiver} not delivered yet; it stays pending", pending.Sequence, UserId, pending.ToUserId);
                stuck.Add(pending.ToUserId);
                StartCatchUp(CatchUpPeriod);
                continue;
            }

            long netWorth;
            await _gate.WaitAsync();
            try
            {
                if (!S.PendingTransfers.Contains(pending)) continue;
                if (receipt.Accepted)
                {
                    S.PendingTransfers.Remove(pending);
                    UpdateRemembered(pending.IdempotencyKey, r => r with { Transfer = TransferStatus.Completed });
                }
                else
                {
                    try
                    {
                        Apply(LedgerKind.TransferRefund, pending.Amount, 0, new EconomyContext(pending.IdempotencyKey, pending.GuildId),
                            counterparty: pending.ToUserId);
                    }
                    catch (OverflowException)
                    {
                        logger.LogError("Refund of transfer {Sequence} of user {User} would overflow the wallet; it stays pending", pending.Sequence, UserId);
                        stuck.Add(pending.ToUserId);
                        continue;
                    }
                    S.PendingTransfers.Remove(pending);
                    UpdateRemembered(pending.IdempotencyKey, r => r with
                    {
                        Transfer = TransferStatus.Refunded, Delta = 0, Balance = CurrentBalance,
                    });
                }
                try { await CommitAsync(); }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Settling transfer {Sequence} of user {User} was not stored; it will be retried", pending.Sequence, UserId);
                    StartCatchUp(CatchUpPeriod);
                    return;
                }
                await FlushAsync();
                netWorth = S.Wallet + S.Bank;
            }
            finally { _gate.Release(); }
            if (!receipt.Accepted) ReportNetWorth(netWorth);
        }
    }

    public async Task<Settlement> SettleAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // Memory equals storage after every commit, except in an activation that read its state
            // just before an activation on a silo being declared dead wrote once more: take storage's word.
            await state.ReadStateAsync();
            await FlushAsync();
        }
        finally { _gate.Release(); }
        await DeliverPendingAsync();
        return new Settlement(S.PendingTransfers.Count, S.Outbox.Count, CurrentBalance, S.LedgerSequence);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TransferReminder) return;
        await SettleAsync();
        if (S.PendingTransfers.Count == 0 && S.Outbox.Count == 0)
        {
            var reminder = await this.GetReminder(TransferReminder);
            if (reminder is not null) await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered) return;
        await this.RegisterOrUpdateReminder(TransferReminder, ReminderPeriod, ReminderPeriod);
        _reminderRegistered = true;
    }

    private void StartCatchUp(TimeSpan due)
    {
        if (_catchUp is not null) return;
        _catchUp = this.RegisterGrainTimer(async _ =>
        {
            await SettleAsync();
            if (S.PendingTransfers.Count == 0 && S.Outbox.Count == 0)
            {
                _catchUp?.Dispose();
                _catchUp = null;
            }
        }, new GrainTimerCreationOptions(due, CatchUpPeriod));
    }

    // ── games ────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// A fair coin; a win returns Gambling:CoinflipPayoutPercent of the bet (default 195 %: the bet
    /// back plus 95 %), a loss loses the bet. Expected return ½ × 1.95 = 0.975: house edge 2.5 %.
    /// </summary>
    public Task<EconomyResult> CoinflipAsync(EconomyContext context, long bet, CoinSide side) =>
        MutateAsync(context, EconomyOperation.Coinflip, () =>
        {
            const EconomyOperation op = EconomyOperation.Coinflip;
            if (!Enum.IsDefined(side)) return Refuse(op, EconomyOutcome.InvalidRequest);
            if (CheckBet(op, bet) is { } refused) return refused;
            var landed = (CoinSide)random.Next(0, 2);
            long percent = landed == side ? _options.Gambling.CoinflipPayoutPercent : 0;
            return Settle(op, context, bet, percent, new GambleDetail(landed, null, percent, Percent(bet, percent)),
                LedgerKind.CoinflipWin, LedgerKind.CoinflipLoss);
        });

    /// <summary>Three weighted reels; the payout table and its exact house edge (5.04 % by default) are in <see cref="SlotMachine"/>.</summary>
    public Task<EconomyResult> SlotsAsync(EconomyContext context, long bet) =>
        MutateAsync(context, EconomyOperation.Slots, () =>
        {
            const EconomyOperation op = EconomyOperation.Slots;
            if (CheckBet(op, bet) is { } refused) return refused;
            var machine = _options.Gambling.Slots;
            var reels = machine.Spin(random);
            var percent = machine.Evaluate(reels);
            return Settle(op, context, bet, percent, new GambleDetail(null, reels, percent, Percent(bet, percent)),
                LedgerKind.SlotsWin, LedgerKind.SlotsLoss);
        });

    private EconomyResult? CheckBet(EconomyOperation operation, long bet)
    {
        if (OutOfRange(operation, bet, _options.Gambling.MinBet, _options.Gambling.MaxBet) is { } refused) return refused;
        return bet > S.Wallet ? Refuse(operation, EconomyOutcome.InsufficientFunds) : null;
    }

    private EconomyResult Settle(EconomyOperation operation, EconomyContext context, long bet, long payoutPercent, GambleDetail detail,
        LedgerKind win, LedgerKind loss)
    {
        var net = checked(detail.Payout - bet);
        if (net != 0) Apply(net > 0 ? win : loss, net, 0, context);
        return Success(operation) with { Delta = net, Amount = bet, Gamble = detail };
    }

    // ── shop ─────────────────────────────────────────────────────────────────────────────────

    public Task<EconomyResult> BuyAsync(EconomyContext context, string itemId, int quantity) =>
        MutateAsync(context, EconomyOperation.Buy, () =>
        {
            const EconomyOperation op = EconomyOperation.Buy;
            if (FindItem(itemId) is not { } item) return Refuse(op, EconomyOutcome.UnknownItem) with { ItemId = itemId };
            if (OutOfRange(op, quantity, 1, _options.MaxPurchaseQuantity) is { } refused) return refused with { ItemId = item.Id };
            var cost = checked(item.Price * quantity);
            if (cost > S.Wallet) return Refuse(op, EconomyOutcome.InsufficientFunds) with { ItemId = item.Id, Amount = cost };
            var owned = S.Inventory.GetValueOrDefault(item.Id);
            if (owned > int.MaxValue - quantity) return Refuse(op, EconomyOutcome.WouldOverflow) with { ItemId = item.Id };
            Apply(LedgerKind.Purchase, -cost, 0, context);
            S.Inventory[item.Id] = owned + quantity;
            return Success(op) with { Delta = -cost, Amount = cost, ItemId = item.Id, Quantity = owned + quantity };
        });

    public Task<EconomyResult> UseAsync(EconomyContext context, string itemId) =>
        MutateAsync(context, EconomyOperation.Use, () =>
        {
            const EconomyOperation op = EconomyOperation.Use;
            if (FindItem(itemId) is not { } item) return Refuse(op, EconomyOutcome.UnknownItem) with { ItemId = itemId };
            var owned = S.Inventory.GetValueOrDefault(item.Id);
            if (owned <= 0) return Refuse(op, EconomyOutcome.NotInInventory) with { ItemId = item.Id };
            var result = Success(op) with { ItemId = item.Id, Quantity = owned - 1 };
            switch (item.Effect)
            {
                case ItemEffect.GrantCoins:
                    Apply(LedgerKind.ItemGrant, item.Value, 0, context);
                    result = result with { Delta = item.Value, Amount = item.Value };
                    break;
                case ItemEffect.WorkBoost:
                    if (S.WorkBoostPercent is not null) return Refuse(op, EconomyOutcome.EffectAlreadyActive) with { ItemId = item.Id };
                    S.WorkBoostPercent = (int)item.Value;
                    break;
                case ItemEffect.CooldownReduction:
                    var now = clock.GetUtcNow();
                    var end = item.Cooldown switch
                    {
                        CooldownKind.Daily => S.NextDailyAt,
                        CooldownKind.Weekly => S.NextWeeklyAt,
                        _ => S.NextWorkAt,
                    };
                    if (end is not { } running || running <= now) return Refuse(op, EconomyOutcome.NoCooldownRunning) with { ItemId = item.Id };
                    var shortened = running - TimeSpan.FromSeconds(item.Value);
                    if (item.Cooldown == CooldownKind.Daily) S.NextDailyAt = shortened;
                    else if (item.Cooldown == CooldownKind.Weekly) S.NextWeeklyAt = shortened;
                    else S.NextWorkAt = shortened;
                    result = result with { RetryAt = shortened };
                    break;
                default:
                    return Refuse(op, EconomyOutcome.UnknownItem) with { ItemId = item.Id };
            }
            if (owned == 1) S.Inventory.Remove(item.Id);
            else S.Inventory[item.Id] = owned - 1;
            return result;
        });

    private ShopItemOptions? FindItem(string? itemId) =>
        itemId is null ? null : _options.Catalogue.FirstOrDefault(i => string.Equals(i.Id, itemId.Trim(), StringComparison.OrdinalIgnoreCase));

    // ── tier ─────────────────────────────────────────────────────────────────────────────────

    public async Task<EconomyResult> SetDonatorTierAsync(int tier)
    {
        const EconomyOperation op = EconomyOperation.SetTier;
        await _gate.WaitAsync();
        try
        {
            if (tier < 0 || tier >= _options.Multipliers.Count)
                return Refuse(op, EconomyOutcome.InvalidRequest) with { Minimum = 0, Maximum = _options.Multipliers.Count - 1 };
            if (S.DonatorTier != tier)
            {
                S.DonatorTier = tier;
                await CommitAsync();
            }
            return Success(op) with { DonatorTier = tier };
        }
        finally { _gate.Release(); }
    }

    private int MultiplierPercent => _options.Multipliers[Math.Clamp(S.DonatorTier, 0, _options.Multipliers.Count - 1)];

    private long WithMultiplier(long amount) => Percent(amount, MultiplierPercent);

    /// <summary><paramref name="amount"/> × <paramref name="percent"/> / 100, rounded down; throws <see cref="OverflowException"/> past 64 bits.</summary>
    private static long Percent(long amount, long percent) => checked((long)((Int128)amount * percent / 100));

    // ── the common path ──────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Runs one mutating operation exactly once: guild checks, replay of a remembered key, the
    /// decision (which changes state only when it succeeds), the commit, the ledger flush.
    /// </summary>
    private async Task<EconomyResult> MutateAsync(EconomyContext context, EconomyOperation operation, Func<EconomyResult> decide)
    {
        if (context is null || context.IdempotencyKey <= 0) return Refuse(operation, EconomyOutcome.InvalidRequest);
        if (_options.Blocked.Contains(UserId)) return Refuse(operation, EconomyOutcome.Blocked);
        if (context.GuildId is { } guildId)
        {
            var settings = (await GrainFactory.GetGrain<IGuildGrain>(guildId).GetAsync()).Settings;
            if (!settings.EconomyEnabled) return Refuse(operation, EconomyOutcome.EconomyDisabled);
            if (!settings.AllowsEconomyIn(context.ChannelId)) return Refuse(operation, EconomyOutcome.ChannelNotAllowed);
        }

        EconomyResult result;
        long netBefore, netAfter;
        var newGuild = false;
        await _gate.WaitAsync();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // After a reloaded conflict the stored state may already hold this very key: it replays.
                if (Remembered(context.IdempotencyKey) is { } remembered)
                    return remembered.Result.Operation == operation
                        ? remembered.Result with { Replayed = true }
                        : Refuse(operation, EconomyOutcome.KeyReused);

                netBefore = S.Wallet + S.Bank;
                try
                {
                    result = decide();
                }
                catch (OverflowException)
                {
                    // Arithmetic is checked before anything is assigned, but take storage's word anyway.
                    await state.ReadStateAsync();
                    return Refuse(operation, EconomyOutcome.WouldOverflow);
                }
                if (!result.Succeeded) return result;

                if (context.GuildId is { } guild) newGuild = JoinGuild(guild);
                result = result with { Balance = CurrentBalance };
                Remember(context.IdempotencyKey, result);
                if (await TryCommitAsync()) break;
                if (attempt == 2) throw new InconsistentStateException($"Economy state of user {UserId} keeps changing in storage");
            }
            await FlushAsync();
            netAfter = S.Wallet + S.Bank;
        }
        finally { _gate.Release(); }

        if (netAfter != netBefore || newGuild) ReportNetWorth(netAfter);
        return result;
    }

    /// <summary>
    /// Changes the balances by the deltas and appends the ledger entry. Checked: throws
    /// <see cref="OverflowException"/> before changing anything when a balance, or wallet + bank,
    /// would leave 0 … 2^63 − 1.
    /// </summary>
    private void Apply(LedgerKind kind, long walletDelta, long bankDelta, EconomyContext context, long? counterparty = null)
    {
        var wallet = checked(S.Wallet + walletDelta);
        var bank = checked(S.Bank + bankDelta);
        _ = checked(wallet + bank);
        if (wallet < 0 || bank < 0) throw new InvalidOperationException($"Balance of user {UserId} would become negative ({kind}); the operation's own check is missing.");
        var sequence = checked(S.LedgerSequence + 1);
        S.Wallet = wallet;
        S.Bank = bank;
        S.LedgerSequence = sequence;
        S.Outbox.Add(new LedgerEntry(UserId, sequence, kind, walletDelta, bankDelta, wallet, bank, counterparty,
            context.IdempotencyKey, context.GuildId, clock.GetUtcNow()));
    }

    private async Task CommitAsync()
    {
        if (!await TryCommitAsync()) throw new InconsistentStateException($"Economy state of user {UserId} changed in storage; reloaded");
    }

    /// <summary>
    /// Writes the state. False when storage held a newer version (an activation that lived on after
    /// its silo was declared dead wrote it): the stored state has been reloaded and the caller may
    /// decide again on it. Other failures reload too (the write may have landed) and are thrown.
    /// </summary>
    private async Task<bool> TryCommitAsync()
    {
        try
        {
            await state.WriteStateAsync();
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Economy state of user {User} was not written; reloading it", UserId);
            // The write may or may not have landed: storage decides what happened, not memory.
            try { await state.ReadStateAsync(); }
            catch (Exception)
            {
                DeactivateOnIdle();
                throw;
            }
            if (e is InconsistentStateException) return false;
            throw;
        }
    }

    /// <summary>Writes the outbox to the ledger table; on failure the rows stay and are retried.</summary>
    private async Task FlushAsync()
    {
        if (S.Outbox.Count == 0) return;
        try
        {
            await ledger.AppendAsync(S.Outbox.ToArray());
            // Memory only: the stored outbox keeps these rows until the next commit, and writing them again is harmless.
            S.Outbox.Clear();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Ledger rows of user {User} not written yet ({Count} pending); will retry", UserId, S.Outbox.Count);
            StartCatchUp(CatchUpPeriod);
        }
    }

    private RememberedResult? Remembered(long key)
    {
        for (var i = S.Recent.Count - 1; i >= 0; i--)
            if (S.Recent[i].Key == key) return S.Recent[i];
        return null;
    }

    private void Remember(long key, EconomyResult result)
    {
        S.Recent.Add(new RememberedResult(key, result));
        var excess = S.Recent.Count - _options.IdempotencyWindow;
        if (excess > 0) S.Recent.RemoveRange(0, excess);
    }

    private void UpdateRemembered(long key, Func<EconomyResult, EconomyResult> change)
    {
        var index = S.Recent.FindLastIndex(r => r.Key == key);
        if (index >= 0) S.Recent[index] = S.Recent[index] with { Result = change(S.Recent[index].Result) };
    }

    /// <summary>Adds the guild to the user's leaderboards; true when it is new.</summary>
    private bool JoinGuild(long guildId)
    {
        var index = S.Guilds.IndexOf(guildId);
        if (index == S.Guilds.Count - 1 && index >= 0) return false;
        if (index >= 0) S.Guilds.RemoveAt(index);
        S.Guilds.Add(guildId);
        if (S.Guilds.Count > _options.MaxGuildsPerUser) S.Guilds.RemoveAt(0);
        return index < 0;
    }

    /// <summary>Tells the global board and every board of the user's guilds the new net worth.</summary>
    private void ReportNetWorth(long netWorth)
    {
        // One-way: the leaderboards never slow an operation down, and never fail it.
        GrainFactory.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Global).ReportAsync(UserId, netWorth).Ignore();
        foreach (var guild in S.Guilds)
            GrainFactory.GetGrain<ILeaderboardGrain>(guild).ReportAsync(UserId, netWorth).Ignore();
    }

    private EconomyResult? OutOfRange(EconomyOperation operation, long amount, long minimum, long maximum) =>
        amount < minimum || amount > maximum
            ? Refuse(operation, EconomyOutcome.AmountOutOfRange) with { Minimum = minimum, Maximum = maximum, Amount = amount }
            : null;

    private EconomyResult Refuse(EconomyOperation operation, EconomyOutcome outcome) => new(operation, outcome, CurrentBalance);

    private EconomyResult Success(EconomyOperation operation) => new(operation, EconomyOutcome.Succeeded, CurrentBalance);
}
