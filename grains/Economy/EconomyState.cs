using Asphalt.Grains.Interfaces.Economy;
using Asphalt.Grains.Ports;

namespace Asphalt.Grains.Economy;

/// <summary>
/// The persisted state of a <see cref="UserEconomyGrain"/>. Writing it is the commit point of
/// every operation: balances, the ledger rows not yet confirmed written (<see cref="Outbox"/>),
/// the answers to recent idempotency keys and the transfers in flight change together or not at all.
/// </summary>
[GenerateSerializer, Alias("asphalt.economy.state")]
public sealed class EconomyState
{
    [Id(0)] public long Wallet { get; set; }
    [Id(1)] public long Bank { get; set; }
    /// <summary>Item id (as spelled in the catalogue) → quantity owned.</summary>
    [Id(2)] public Dictionary<string, int> Inventory { get; set; } = [];
    [Id(3)] public DateTimeOffset? LastDailyAt { get; set; }
    [Id(4)] public DateTimeOffset? NextDailyAt { get; set; }
    [Id(5)] public int DailyStreak { get; set; }
    [Id(6)] public int BestDailyStreak { get; set; }
    [Id(7)] public DateTimeOffset? LastWeeklyAt { get; set; }
    [Id(8)] public DateTimeOffset? NextWeeklyAt { get; set; }
    [Id(9)] public int WeeklyStreak { get; set; }
    [Id(10)] public DateTimeOffset? NextWorkAt { get; set; }
    /// <summary>Set by a WorkBoost item; consumed by the next /work.</summary>
    [Id(11)] public int? WorkBoostPercent { get; set; }
    [Id(12)] public int DonatorTier { get; set; }
    /// <summary>Sequence number of the last ledger entry made (entries are numbered 1, 2, …).</summary>
    [Id(13)] public long LedgerSequence { get; set; }
    /// <summary>Ledger entries committed here but perhaps not yet in the ledger table.</summary>
    [Id(14)] public List<LedgerEntry> Outbox { get; set; } = [];
    /// <summary>The answers to the most recent idempotency keys, oldest first.</summary>
    [Id(15)] public List<RememberedResult> Recent { get; set; } = [];
    /// <summary>Sequence number of the last outgoing transfer.</summary>
    [Id(16)] public long TransferSequence { get; set; }
    /// <summary>Outgoing transfers debited here and not yet confirmed by the receiver.</summary>
    [Id(17)] public List<PendingTransfer> PendingTransfers { get; set; } = [];
    /// <summary>Per paying user: the highest transfer sequence credited here (see UserEconomyGrain's transfer notes).</summary>
    [Id(18)] public Dictionary<long, long> ReceivedWatermarks { get; set; } = [];
    /// <summary>Guilds whose leaderboard this user takes part in, most recent last.</summary>
    [Id(19)] public List<long> Guilds { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("asphalt.economy.remembered")]
public sealed record RememberedResult([property: Id(0)] long Key, [property: Id(1)] EconomyResult Result);

[GenerateSerializer, Immutable, Alias("asphalt.economy.transfer.pending")]
public sealed record PendingTransfer(
    [property: Id(0)] long Sequence,
    [property: Id(1)] long ToUserId,
    [property: Id(2)] long Amount,
    [property: Id(3)] long IdempotencyKey,
    [property: Id(4)] long? GuildId,
    [property: Id(5)] DateTimeOffset CreatedAt);
