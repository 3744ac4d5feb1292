namespace Asphalt.Grains.Interfaces.Votes;

/// <summary>
/// One user's votes on bot-list sites. Key: the user's snowflake. Records each canonical
/// <see cref="VoteEvent"/> durably (the <c>votes</c> table, unique by <see cref="VoteEvent.Id"/>)
/// and credits its reward exactly once through <c>IUserEconomyGrain.GrantAsync(GrantKind.Vote, …)</c>.
/// </summary>
[Alias("asphalt.votes.user")]
public interface IVotesGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Records the vote and credits it. Idempotent: the same event again (a site's retry, another
    /// gateway's delivery) returns <see cref="VoteOutcome.Duplicate"/> and changes nothing; a vote
    /// recorded before a crash but not yet credited is credited now. Returns only once both the
    /// vote row and the credit are durable. Test events are refused (<see cref="VoteOutcome.Invalid"/>).
    /// </summary>
    [Alias("record")]
    Task<VoteReceipt> RecordAsync(VoteEvent vote);

    /// <summary>Read-only: the current streak and, per source, the last vote and when the next one is possible (/vote).</summary>
    [ReadOnly, Alias("status")]
    Task<VoteStatus> GetStatusAsync();
}

public enum VoteOutcome
{
    /// <summary>Recorded and credited by this call (the user should be thanked).</summary>
    Credited = 0,
    /// <summary>Recorded and credited before: nothing changed.</summary>
    Duplicate = 1,
    /// <summary>Recorded, but the economy refused the credit (user blocked, balance at its limit); final.</summary>
    Refused = 2,
    /// <summary>Not a vote for this grain (another user's, a test, no id, weight below 1); nothing recorded.</summary>
    Invalid = 3,
}

/// <summary>What became of a vote: the outcome, the reward (coins × weight + streak bonus) and the streak it counted for.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.votes.receipt")]
public sealed record VoteReceipt(
    [property: Id(0)] VoteOutcome Outcome,
    [property: Id(1)] string VoteId,
    [property: Id(2)] long Reward,
    [property: Id(3)] int Streak,
    [property: Id(4)] long StreakBonus,
    [property: Id(5)] string? Refusal = null);

/// <summary>The user's last vote on one source and when the site lets them vote again.</summary>
[GenerateSerializer, Immutable, Alias("asphalt.votes.source")]
public sealed record SourceVote(
    [property: Id(0)] string Source,
    [property: Id(1)] DateTimeOffset LastVotedAt,
    [property: Id(2)] DateTimeOffset NextVoteAt);

[GenerateSerializer, Immutable, Alias("asphalt.votes.status")]
public sealed record VoteStatus(
    [property: Id(0)] int Streak,
    [property: Id(1)] IReadOnlyList<SourceVote> Sources);
