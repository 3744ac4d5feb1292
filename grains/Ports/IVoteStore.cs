namespace Asphalt.Grains.Ports;

/// <summary>
/// The <c>votes</c> table of the records database; the silo implements it. The primary key is the
/// vote key, so inserting a vote that is already there is refused by the database itself, whichever
/// process tries.
/// </summary>
public interface IVoteStore
{
    Task<VoteRecord?> FindAsync(string voteKey, CancellationToken cancellationToken = default);

    /// <summary>Insert-if-absent: true when this call inserted the row, false when the key was already there.</summary>
    Task<bool> TryInsertAsync(VoteRecord vote, CancellationToken cancellationToken = default);

    /// <summary>Marks a pending vote credited or refused (with the economy's outcome). Idempotent.</summary>
    Task CompleteAsync(string voteKey, VoteRecordStatus status, string outcome, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The user's latest votes, newest first.</summary>
    Task<IReadOnlyList<VoteRecord>> RecentAsync(long userId, int limit, CancellationToken cancellationToken = default);
}

public enum VoteRecordStatus { Pending, Credited, Refused }

public static class VoteRecordStatuses
{
    /// <summary>The name stored in <c>votes.status</c>.</summary>
    public static string Name(VoteRecordStatus status) => status switch
    {
        VoteRecordStatus.Pending => "pending",
        VoteRecordStatus.Credited => "credited",
        VoteRecordStatus.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static VoteRecordStatus Parse(string name) => name switch
    {
        "pending" => VoteRecordStatus.Pending,
        "credited" => VoteRecordStatus.Credited,
        "refused" => VoteRecordStatus.Refused,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown vote status"),
    };
}

/// <summary>One recorded vote: the canonical event's facts, the reward decided when it was recorded, and how far crediting got.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.votes.record")]
public sealed record VoteRecord(
    [property: Id(0)] string VoteKey,
    [property: Id(1)] string Source,
    [property: Id(2)] long UserId,
    [property: Id(3)] long? BotId,
    [property: Id(4)] long? GuildId,
    [property: Id(5)] int Weight,
    [property: Id(6)] bool IsWeekend,
    [property: Id(7)] DateTimeOffset VotedAt,
    [property: Id(8)] DateTimeOffset ReceivedAt,
    [property: Id(9)] int CooldownSeconds,
    [property: Id(10)] int Streak,
    [property: Id(11)] long StreakBonus,
    [property: Id(12)] long Reward,
    [property: Id(13)] long IdempotencyKey,
    [property: Id(14)] VoteRecordStatus Status,
    [property: Id(15)] string? Outcome,
    [property: Id(16)] DateTimeOffset? CompletedAt,
    [property: Id(17)] string Event);
