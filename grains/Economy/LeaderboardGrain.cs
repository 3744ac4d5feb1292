using Asphalt.Grains.Interfaces.Economy;
using Microsoft.Extensions.Options;

namespace Asphalt.Grains.Economy;

/// <summary>
/// Top users of one scope by net worth, kept from the user grains' reports: the board tracks the
/// best Economy:Leaderboard:Buffer users (100) and shows the first Size (10), so when a shown user
/// falls, the next one is already known. A user below the tracked set appears once their next
/// report beats the last tracked one. The board is written at most every few seconds (a lost
/// update is repaired by that user's next report).
/// </summary>
public sealed class LeaderboardGrain(
    [PersistentState("leaderboard", StorageNames.Default)] IPersistentState<LeaderboardState> state,
    IOptions<EconomyOptions> options) : Grain, ILeaderboardGrain
{
    private static readonly TimeSpan WriteBehind = TimeSpan.FromSeconds(5);
    private readonly LeaderboardOptions _options = options.Value.Leaderboard;
    private bool _dirty;
    private IGrainTimer? _writer;

    public Task ReportAsync(long userId, long netWorth)
    {
        var entries = state.State.Entries;
        var index = entries.FindIndex(e => e.UserId == userId);
        if (index >= 0)
        {
            if (entries[index].NetWorth == netWorth) return Task.CompletedTask;
            entries.RemoveAt(index);
        }
        else if (netWorth <= 0 || (entries.Count >= _options.Buffer && netWorth <= entries[^1].NetWorth))
        {
            return Task.CompletedTask;
        }
        if (netWorth > 0)
        {
            var entry = new LeaderboardRow(userId, netWorth);
            var at = entries.BinarySearch(entry, LeaderboardRow.RichestFirst);
            entries.Insert(at < 0 ? ~at : at, entry);
            if (entries.Count > _options.Buffer) entries.RemoveRange(_options.Buffer, entries.Count - _options.Buffer);
        }
        _dirty = true;
        _writer ??= this.RegisterGrainTimer(WriteAsync, new GrainTimerCreationOptions(WriteBehind, WriteBehind));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LeaderboardEntry>> GetTopAsync(int count = 10)
    {
        var take = Math.Clamp(count, 0, _options.Size);
        IReadOnlyList<LeaderboardEntry> top = state.State.Entries.Take(take)
            .Select((e, i) => new LeaderboardEntry(i + 1, e.UserId, e.NetWorth)).ToList();
        return Task.FromResult(top);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty) await WriteAsync(cancellationToken);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (!_dirty) return;
        _dirty = false;
        try { await state.WriteStateAsync(cancellationToken); }
        catch { _dirty = true; throw; }
    }
}

[GenerateSerializer, Alias("asphalt.economy.leaderboard.state")]
public sealed class LeaderboardState
{
    /// <summary>Richest first; ties by user id.</summary>
    [Id(0)] public List<LeaderboardRow> Entries { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("asphalt.economy.leaderboard.row")]
public sealed record LeaderboardRow([property: Id(0)] long UserId, [property: Id(1)] long NetWorth)
{
    public static readonly IComparer<LeaderboardRow> RichestFirst = Comparer<LeaderboardRow>.Create((a, b) =>
        a.NetWorth != b.NetWorth ? b.NetWorth.CompareTo(a.NetWorth) : a.UserId.CompareTo(b.UserId));
}
