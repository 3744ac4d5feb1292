namespace Asphalt.Grains.Ports;

/// <summary>
/// The <c>ledger</c> table of the records database; the silo implements it. Appending is
/// insert-if-absent by (user, sequence): writing the same entries again (a retried flush after a
/// crash) succeeds and changes nothing.
/// </summary>
public interface ILedgerStore
{
    Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default);
}

/// <summary>
/// What moved a balance. Mint kinds create coins, burn kinds destroy them, the others move coins
/// between a user's wallet and bank or between users (see <see cref="LedgerKinds"/>).
/// </summary>
public enum LedgerKind
{
    Daily, Weekly, Work, Vote, StaffGrant, ItemGrant, CoinflipWin, SlotsWin,
    CoinflipLoss, SlotsLoss, Purchase,
    Deposit, Withdraw, TransferOut, TransferIn, TransferRefund,
}

public static class LedgerKinds
{
    /// <summary>The name stored in <c>ledger.kind</c>.</summary>
    public static string Name(LedgerKind kind) => kind switch
    {
        LedgerKind.Daily => "daily",
        LedgerKind.Weekly => "weekly",
        LedgerKind.Work => "work",
        LedgerKind.Vote => "vote",
        LedgerKind.StaffGrant => "staff_grant",
        LedgerKind.ItemGrant => "item_grant",
        LedgerKind.CoinflipWin => "coinflip_win",
        LedgerKind.SlotsWin => "slots_win",
        LedgerKind.CoinflipLoss => "coinflip_loss",
        LedgerKind.SlotsLoss => "slots_loss",
        LedgerKind.Purchase => "purchase",
        LedgerKind.Deposit => "deposit",
        LedgerKind.Withdraw => "withdraw",
        LedgerKind.TransferOut => "transfer_out",
        LedgerKind.TransferIn => "transfer_in",
        LedgerKind.TransferRefund => "transfer_refund",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static readonly IReadOnlySet<LedgerKind> Mint = new HashSet<LedgerKind>
    {
        LedgerKind.Daily, LedgerKind.Weekly, LedgerKind.Work, LedgerKind.Vote, LedgerKind.StaffGrant,
        LedgerKind.ItemGrant, LedgerKind.CoinflipWin, LedgerKind.SlotsWin,
    };

    public static readonly IReadOnlySet<LedgerKind> Burn = new HashSet<LedgerKind>
    {
        LedgerKind.CoinflipLoss, LedgerKind.SlotsLoss, LedgerKind.Purchase,
    };

    public static IEnumerable<string> Names(IEnumerable<LedgerKind> kinds) => kinds.Select(Name);
}

/// <summary>One balance change of one user. <c>Sequence</c> numbers a user's entries from 1 without gaps.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.economy.ledger.entry")]
public sealed record LedgerEntry(
    [property: Id(0)] long UserId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] LedgerKind Kind,
    [property: Id(3)] long WalletDelta,
    [property: Id(4)] long BankDelta,
    [property: Id(5)] long WalletAfter,
    [property: Id(6)] long BankAfter,
    [property: Id(7)] long? CounterpartyId,
    [property: Id(8)] long IdempotencyKey,
    [property: Id(9)] long? GuildId,
    [property: Id(10)] DateTimeOffset At);
