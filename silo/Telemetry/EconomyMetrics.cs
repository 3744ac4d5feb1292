using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Asphalt.Grains.Ports;

namespace Asphalt.Silo.Telemetry;

/// <summary>
/// Coins created and destroyed (meter <c>Asphalt.Economy</c>; docs/metrics.md). Counted when ledger
/// rows are first inserted, so a re-flushed row is never counted twice and the counters agree with
/// the ledger table. Transfers, deposits and withdrawals move coins and are counted nowhere here.
/// Observable counters over running totals: every kind is exported from the first scrape, at zero
/// until it happens, whenever the metrics pipeline started listening.
/// </summary>
public sealed class EconomyMetrics : IDisposable
{
    public const string MeterName = "Asphalt.Economy";

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<LedgerKind, long> _minted = new(LedgerKinds.Mint.Select(k => KeyValuePair.Create(k, 0L)));
    private readonly ConcurrentDictionary<LedgerKind, long> _burned = new(LedgerKinds.Burn.Select(k => KeyValuePair.Create(k, 0L)));

    public EconomyMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableCounter("asphalt.economy.coins.minted", () => Observe(_minted), "{coin}",
            "Coins created, by ledger kind (daily, work, vote, games won …).");
        _meter.CreateObservableCounter("asphalt.economy.coins.burned", () => Observe(_burned), "{coin}",
            "Coins destroyed, by ledger kind (games lost, purchases).");
    }

    /// <summary>Counts rows that were just inserted into the ledger.</summary>
    public void Recorded(IEnumerable<LedgerEntry> inserted)
    {
        foreach (var entry in inserted)
        {
            var delta = entry.WalletDelta + entry.BankDelta;
            if (LedgerKinds.Mint.Contains(entry.Kind)) _minted.AddOrUpdate(entry.Kind, delta, (_, total) => total + delta);
            else if (LedgerKinds.Burn.Contains(entry.Kind)) _burned.AddOrUpdate(entry.Kind, -delta, (_, total) => total - delta);
        }
    }

    private static IEnumerable<Measurement<long>> Observe(ConcurrentDictionary<LedgerKind, long> totals) =>
        totals.Select(t => new Measurement<long>(t.Value, new KeyValuePair<string, object?>("kind", LedgerKinds.Name(t.Key))));

    public void Dispose() => _meter.Dispose();
}
