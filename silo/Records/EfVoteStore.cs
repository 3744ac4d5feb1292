using Asphalt.Grains.Ports;
using Microsoft.EntityFrameworkCore;

namespace Asphalt.Silo.Records;

/// <summary>
/// The <c>votes</c> table over EF Core, the same on every provider. Insert-if-absent leans on the
/// primary key: a failed insert whose key is then found is "already there"; any other failure is thrown.
/// </summary>
public sealed class EfVoteStore(IDbContextFactory<RecordsDbContext> contexts) : IVoteStore
{
    public async Task<VoteRecord?> FindAsync(string voteKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Votes.AsNoTracking().SingleOrDefaultAsync(v => v.VoteKey == voteKey, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<bool> TryInsertAsync(VoteRecord vote, CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Votes.AnyAsync(v => v.VoteKey == vote.VoteKey, cancellationToken)) return false;
            db.Votes.Add(ToRow(vote));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                // Someone inserted the same key between our look and our insert: that is "already there".
            }
        }
        if (await FindAsync(vote.VoteKey, cancellationToken) is not null) return false;
        throw new InvalidOperationException($"Vote {vote.VoteKey} could not be inserted and is not there.");
    }

    public async Task CompleteAsync(string voteKey, VoteRecordStatus status, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Votes.SingleOrDefaultAsync(v => v.VoteKey == voteKey, cancellationToken)
                  ?? throw new InvalidOperationException($"Vote {voteKey} is not recorded.");
        if (row.Status != VoteRecordStatuses.Name(VoteRecordStatus.Pending)) return;
        row.Status = VoteRecordStatuses.Name(status);
        row.Outcome = outcome;
        row.CompletedAt = at.ToUniversalTime();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VoteRecord>> RecentAsync(long userId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Votes.AsNoTracking()
            .Where(v => v.UserId == userId)
            .OrderByDescending(v => v.ReceivedMs)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    private static VoteRow ToRow(VoteRecord v) => new()
    {
        VoteKey = v.VoteKey,
        Source = v.Source,
        UserId = v.UserId,
        BotId = v.BotId,
        GuildId = v.GuildId,
        Weight = v.Weight,
        IsWeekend = v.IsWeekend,
        VotedAt = v.VotedAt.ToUniversalTime(),
        ReceivedAt = v.ReceivedAt.ToUniversalTime(),
        ReceivedMs = v.ReceivedAt.ToUnixTimeMilliseconds(),
        CooldownSeconds = v.CooldownSeconds,
        Streak = v.Streak,
        StreakBonus = v.StreakBonus,
        Reward = v.Reward,
        IdempotencyKey = v.IdempotencyKey,
        Status = VoteRecordStatuses.Name(v.Status),
        Outcome = v.Outcome,
        CompletedAt = v.CompletedAt?.ToUniversalTime(),
        EventJson = v.Event,
    };

    private static VoteRecord ToRecord(VoteRow r) => new(
        r.VoteKey, r.Source, r.UserId, r.BotId, r.GuildId, r.Weight, r.IsWeekend, r.VotedAt, r.ReceivedAt,
        r.CooldownSeconds, r.Streak, r.StreakBonus, r.Reward, r.IdempotencyKey, VoteRecordStatuses.Parse(r.Status),
        r.Outcome, r.CompletedAt, r.EventJson);
}
