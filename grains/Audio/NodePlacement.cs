namespace Asphalt.Grains.Audio;

/// <summary>A node as placement sees it.</summary>
public sealed record PlacementCandidate(string Name, string Region, double Penalty, bool Available);

/// <summary>
/// Chooses the node for a player: among available nodes, those whose distance to the voice region
/// is within <see cref="AudioOptions.RegionToleranceMs"/> of the closest; of those, the lowest penalty.
/// Distance = the learned voice ping of the (node, region) pair, else 0 when the node's region is the
/// voice region, else the configured <see cref="AudioOptions.RegionLatency"/>, else
/// <see cref="AudioOptions.UnknownRegionPingMs"/>.
/// </summary>
public static class NodePlacement
{
    public static string? Choose(
        IEnumerable<PlacementCandidate> candidates,
        string? voiceRegion,
        Func<string, string, double?> learnedPing,
        AudioOptions options)
    {
        var available = candidates.Where(c => c.Available && c.Penalty < NodePenalty.Unavailable).ToList();
        if (available.Count == 0) return null;
        if (voiceRegion is null)
            return available.OrderBy(c => c.Penalty).ThenBy(c => c.Name, StringComparer.Ordinal).First().Name;

        var withDistance = available.Select(c => (Node: c, Distance: Distance(c, voiceRegion, learnedPing, options))).ToList();
        var closest = withDistance.Min(d => d.Distance);
        return withDistance
            .Where(d => d.Distance <= closest + options.RegionToleranceMs)
            .OrderBy(d => d.Node.Penalty)
            .ThenBy(d => d.Distance)
            .ThenBy(d => d.Node.Name, StringComparer.Ordinal)
            .First().Node.Name;
    }

    public static double Distance(PlacementCandidate node, string voiceRegion, Func<string, string, double?> learnedPing, AudioOptions options)
    {
        if (learnedPing(node.Name, voiceRegion) is { } measured) return measured;
        if (string.Equals(node.Region, voiceRegion, StringComparison.OrdinalIgnoreCase)) return 0;
        if (options.RegionLatency.TryGetValue(voiceRegion, out var row)
            && row.FirstOrDefault(r => string.Equals(r.Key, node.Region, StringComparison.OrdinalIgnoreCase)) is { Key: not null } entry)
            return entry.Value;
        return options.UnknownRegionPingMs;
    }
}
