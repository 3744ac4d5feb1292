using Asphalt.Grains.Ports;
using Asphalt.Silo.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Asphalt.Silo.Records;

/// <summary>
/// Insert-if-absent over EF Core, the same on every provider: rows whose (user_id, seq) exist are
/// skipped, the rest inserted in one SaveChanges. Only a user's own grain writes that user's rows,
/// so a conflict means a concurrent re-flush of the same rows; the second look then finds them.
/// A conflict that remains (another row under the same idempotency key and kind) is a real
/// inconsistency and is thrown, so the grain keeps the rows and operators see it.
/// </summary>
public sealed class EfLedgerStore(IDbContextFactory<RecordsDbContext> contexts, EconomyMetrics metrics) : ILedgerStore
{
    public async Task AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0) return;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var missing = new List<LedgerEntry>();
            foreach (var user in entries.GroupBy(e => e.UserId))
            {
                var sequences = user.Select(e => e.Sequence).ToList();
                var existing = await db.Ledger.AsNoTracking()
                    .Where(r => r.UserId == user.Key && sequences.Contains(r.Seq))
                    .Select(r => r.Seq)
                    .ToListAsync(cancellationToken);
                missing.AddRange(user.Where(e => !existing.Contains(e.Sequence)));
            }
            if (missing.Count == 0) return;
            db.Ledger.AddRange(missing.Select(ToRow));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                metrics.Recorded(missing);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Someone wrote some of these rows between our look and our insert: look again.
            }
        }
    }

    private static LedgerRow ToRow(LedgerEntry e) => new()
    {
        UserId = e.UserId,
        Seq = e.Sequence,
        Kind = LedgerKinds.Name(e.Kind),
        WalletDelta = e.WalletDelta,
        BankDelta = e.BankDelta,
        WalletAfter = e.WalletAfter,
        BankAfter = e.BankAfter,
        CounterpartyId = e.CounterpartyId,
        IdempotencyKey = e.IdempotencyKey,
        GuildId = e.GuildId,
        CreatedAt = e.At.ToUniversalTime(),
    };
}
