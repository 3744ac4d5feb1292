namespace Asphalt.Grains.Interfaces.Economy;

/// <summary>
/// Top users by net worth in one scope. Key: 0 = global, otherwise a guild id. Kept up to date by
/// the user grains (one-way reports on every net-worth change); it never scans users.
/// </summary>
[Alias("asphalt.economy.leaderboard")]
public interface ILeaderboardGrain : IGrainWithIntegerKey
{
    public const long Global = 0;

    /// <summary>One-way: a user's net worth is now <paramref name="netWorth"/>. Idempotent (last value wins).</summary>
    [OneWay, Alias("report")]
    Task ReportAsync(long userId, long netWorth);

    /// <summary>Read-only: the top <paramref name="count"/> (at most the configured size), richest first.</summary>
    [ReadOnly, Alias("top")]
    Task<IReadOnlyList<LeaderboardEntry>> GetTopAsync(int count = 10);
}

[GenerateSerializer, Immutable, Alias("asphalt.economy.leaderboard.entry")]
public sealed record LeaderboardEntry([property: Id(0)] int Rank, [property: Id(1)] long UserId, [property: Id(2)] long NetWorth);
