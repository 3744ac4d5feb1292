namespace Asphalt.Grains.Votes;

/// <summary>
/// Section <c>Votes:Rewards</c> of the silo: what a vote is worth. Reward = <see cref="Coins"/> ×
/// weight + <see cref="StreakBonus"/> × min(streak − 1, <see cref="MaxStreakBonusSteps"/>), where the
/// streak counts consecutive UTC days with at least one vote (docs/votes.md).
/// </summary>
public sealed class VoteRewardOptions
{
    public const string Section = "Votes:Rewards";

    /// <summary>Coins per vote of weight 1.</summary>
    public long Coins { get; set; } = 250;

    /// <summary>Extra coins per consecutive voting day after the first.</summary>
    public long StreakBonus { get; set; } = 25;

    /// <summary>The bonus stops growing after this many days.</summary>
    public int MaxStreakBonusSteps { get; set; } = 10;

    /// <summary>Weights above this are capped (a site's bug must not mint a fortune).</summary>
    public int MaxWeight { get; set; } = 4;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Coins is < 1 or > 1_000_000_000) problems.Add($"Votes:Rewards:Coins ({Coins}) must be between 1 and 1000000000.");
        if (StreakBonus is < 0 or > 1_000_000_000) problems.Add($"Votes:Rewards:StreakBonus ({StreakBonus}) must be between 0 and 1000000000.");
        if (MaxStreakBonusSteps is < 0 or > 365) problems.Add($"Votes:Rewards:MaxStreakBonusSteps ({MaxStreakBonusSteps}) must be between 0 and 365.");
        if (MaxWeight is < 1 or > 100) problems.Add($"Votes:Rewards:MaxWeight ({MaxWeight}) must be between 1 and 100.");
        return problems;
    }
}
