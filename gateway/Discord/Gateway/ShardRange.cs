namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>The shard ids one gateway instance runs, parsed from "0-3", "0,2,4" or "0-3,8".</summary>
public sealed class ShardRange
{
    private ShardRange(IReadOnlyList<int> ids) => Ids = ids;

    public IReadOnlyList<int> Ids { get; }
    public int Max => Ids[^1];

    public static ShardRange All(int shardCount) => new(Enumerable.Range(0, shardCount).ToArray());

    public static bool TryParse(string text, out ShardRange? range, out string? error)
    {
        range = null;
        var ids = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (!int.TryParse(part, out var id) || id < 0) { error = $"'{part}' is not a shard id (use e.g. \"0-3\" or \"0,2,4\")."; return false; }
                ids.Add(id);
                continue;
            }
            if (!int.TryParse(part[..dash], out var from) || !int.TryParse(part[(dash + 1)..], out var to) || from < 0 || to < from)
            {
                error = $"'{part}' is not a range of shard ids (use e.g. \"0-3\": first and last, inclusive).";
                return false;
            }
            for (var i = from; i <= to; i++) ids.Add(i);
        }
        if (ids.Count == 0) { error = $"'{text}' names no shard (use e.g. \"0-3\" or leave it unset for all)."; return false; }
        range = new ShardRange(ids.ToArray());
        error = null;
        return true;
    }

    public override string ToString() => string.Join(',', Ids);
}
