using System.Security.Cryptography;
using System.Text;
using Asphalt.Grains.Economy;
using Asphalt.Grains.Interfaces.Economy;
using Asphalt.Grains.Interfaces.Votes;
using Asphalt.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Grains.Votes;

/// <summary>
/// One user's votes. Exactly once (docs/votes.md has the long form):
/// <list type="bullet">
/// <item><b>Record first.</b> A new vote is inserted into the <c>votes</c> table as <c>pending</c>,
/// with its reward decided there and then. The primary key is the vote key, so a second insert of
/// the same vote fails in the database, whichever activation or process tries it.</item>
/// <item><b>Then credit, idempotently.</b> The reward goes through
/// <c>IUserEconomyGrain.GrantAsync(GrantKind.Vote, …)</c> under an idempotency key derived from the
/// vote key, and the row is marked <c>credited</c>. A crash anywhere in between leaves a pending row;
/// the site's retry (or the user's next vote) finds it and grants again under the same key, which the
/// economy answers from its memory instead of paying twice.</item>
/// <item><b>Sites without a vote id.</b> Their key names a window of half the site's cooldown; a
/// delivery less than half a cooldown after the user's last vote on the same source is that vote
/// again (retries that straddle a window boundary), so real votes (a full cooldown apart) never merge.</item>
/// </list>
/// Non-reentrant: one user's deliveries, from any number of gateways, are handled one at a time.
/// </summary>
public sealed class VotesGrain(
    IVoteStore store,
    IOptions<VoteRewardOptions> options,
    [FromKeyedServices(EconomyServiceKeys.Clock)] TimeProvider clock,
    ILogger<VotesGrain> logger) : Grain, IVotesGrain
{
    /// <summary>Rows read at activation: more than a few days of votes on every source.</summary>
    private const int RecentLimit = 64;

    private readonly VoteRewardOptions _options = options.Value;
    private List<VoteRecord> _recent = [];

    private long UserId => this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _recent = [.. await store.RecentAsync(UserId, RecentLimit, cancellationToken)];

    public async Task<VoteReceipt> RecordAsync(VoteEvent vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        if (vote.UserId != UserId || vote.IsTest || string.IsNullOrWhiteSpace(vote.Id) || vote.Weight < 1 || vote.CooldownSeconds < 0)
            return new VoteReceipt(VoteOutcome.Invalid, vote.Id ?? "", 0, 0, 0);

        var record = await store.FindAsync(vote.Id) ?? SameVoteInWindow(vote);
        if (record is null)
        {
            var fresh = NewRecord(vote);
            if (await store.TryInsertAsync(fresh))
            {
                record = fresh;
                Remember(fresh);
                logger.LogInformation("Vote {VoteId} of user {UserId} on {Source} recorded: reward {Reward}, streak {Streak}",
                    fresh.VoteKey, UserId, fresh.Source, fresh.Reward, fresh.Streak);
            }
            else
            {
                // Another activation (or an earlier, crashed attempt) inserted it first: continue with its row.
                record = await store.FindAsync(vote.Id) ?? throw new InvalidOperationException($"Vote {vote.Id} was neither inserted nor found.");
            }
        }

        if (record.UserId != UserId)
            return new VoteReceipt(VoteOutcome.Invalid, vote.Id, 0, 0, 0, "another user's vote id");
        if (record.Status != VoteRecordStatus.Pending)
            return Receipt(record, VoteOutcome.Duplicate);

        await FinishOtherPendingAsync(record.VoteKey);
        return await CreditAsync(record);
    }

    public Task<VoteStatus> GetStatusAsync()
    {
        var today = Day(clock.GetUtcNow());
        var latest = _recent.FirstOrDefault();
        var streak = latest is not null && Day(latest.ReceivedAt) >= today.AddDays(-1) ? latest.Streak : 0;
        var sources = _recent.GroupBy(r => r.Source)
            .Select(g => g.First())
            .Select(r => new SourceVote(r.Source, r.VotedAt, r.VotedAt + TimeSpan.FromSeconds(r.CooldownSeconds)))
            .OrderBy(s => s.Source, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new VoteStatus(streak, sources));
    }

    /// <summary>A vote on the same source less than half its cooldown after the last one is that vote again.</summary>
    private VoteRecord? SameVoteInWindow(VoteEvent vote)
    {
        if (vote.CooldownSeconds == 0) return null;
        var last = _recent.FirstOrDefault(r => r.Source == vote.Source);
        if (last is null) return null;
        var gap = (vote.ReceivedAt - last.ReceivedAt).Duration();
        return gap < vote.Cooldown / 2 ? last : null;
    }

    private VoteRecord NewRecord(VoteEvent vote)
    {
        var day = Day(vote.ReceivedAt);
        var previous = _recent.FirstOrDefault();
        var streak = previous is null ? 1 : (day.DayNumber - Day(previous.ReceivedAt).DayNumber) switch
        {
            <= 0 => Math.Max(previous.Streak, 1), // the same day (or a late delivery): the day's streak
            1 => previous.Streak + 1,
            _ => 1,
        };
        var weight = Math.Min(vote.Weight, _options.MaxWeight);
        var bonus = checked(_options.StreakBonus * Math.Min(streak - 1, _options.MaxStreakBonusSteps));
        var reward = checked(_options.Coins * weight + bonus);
        return new VoteRecord(vote.Id, vote.Source, vote.UserId, vote.BotId, vote.GuildId, weight, vote.IsWeekend,
            vote.VotedAt, vote.ReceivedAt, vote.CooldownSeconds, streak, bonus, reward, IdempotencyKey(vote.Id),
            VoteRecordStatus.Pending, null, null, VoteEventJson.Serialize(vote));
    }

    private async Task<VoteReceipt> CreditAsync(VoteRecord record)
    {
        var result = await GrainFactory.GetGrain<IUserEconomyGrain>(UserId)
            .GrantAsync(new EconomyContext(record.IdempotencyKey), GrantKind.Vote, record.Reward);
        var status = result.Succeeded ? VoteRecordStatus.Credited : VoteRecordStatus.Refused;
        var at = clock.GetUtcNow();
        await store.CompleteAsync(record.VoteKey, status, result.Outcome.ToString(), at);
        var completed = record with { Status = status, Outcome = result.Outcome.ToString(), CompletedAt = at };
        Remember(completed);
        if (!result.Succeeded)
            logger.LogWarning("Vote {VoteId} of user {UserId} recorded but not credited: the economy answered {Outcome}", record.VoteKey, UserId, result.Outcome);
        return Receipt(completed, result.Succeeded ? VoteOutcome.Credited : VoteOutcome.Refused);
    }

    /// <summary>Votes left pending by a crash whose site never retried are credited with the user's next vote.</summary>
    private async Task FinishOtherPendingAsync(string current)
    {
        foreach (var pending in _recent.Where(r => r.Status == VoteRecordStatus.Pending && r.VoteKey != current).ToList())
        {
            try { await CreditAsync(pending); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Pending vote {VoteId} of user {UserId} could not be credited yet", pending.VoteKey, UserId);
            }
        }
    }

    private void Remember(VoteRecord record)
    {
        _recent.RemoveAll(r => r.VoteKey == record.VoteKey);
        _recent.Add(record);
        _recent.Sort((a, b) => b.ReceivedAt.CompareTo(a.ReceivedAt));
        if (_recent.Count > RecentLimit) _recent.RemoveRange(RecentLimit, _recent.Count - RecentLimit);
    }

    private static VoteReceipt Receipt(VoteRecord record, VoteOutcome outcome) =>
        new(outcome, record.VoteKey, record.Reward, record.Streak, record.StreakBonus,
            outcome == VoteOutcome.Refused ? record.Outcome : null);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>
    /// The economy's idempotency key of a vote: 63 bits of SHA-256 of the vote key. Keys are per
    /// user, so a collision would need two of one user's votes to share 63 bits.
    /// </summary>
    public static long IdempotencyKey(string voteKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("vote:" + voteKey), hash);
        var key = BitConverter.ToInt64(hash) & long.MaxValue;
        return key == 0 ? 1 : key;
    }
}
