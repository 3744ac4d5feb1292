using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Grains.Audio;

/// <summary>
/// Lavalink's congestion penalty, as its reference client computes it (docs/audio.md):
/// playing players + cpu + frame deficit + 2 × nulled frames, each growing exponentially with the load.
/// Lower is better; an unavailable node is <see cref="Unavailable"/>.
/// </summary>
public static class NodePenalty
{
    public const double Unavailable = double.MaxValue;

    /// <summary>Lavalink sends 50 frames a second per player: 3000 expected per minute of stats.</summary>
    private const double ExpectedFramesPerMinute = 3000;

    public static double Of(NodeStats? stats, bool available)
    {
        if (!available) return Unavailable;
        if (stats is null) return 0; // a fresh node that has not reported yet is as good as idle

        var players = (double)stats.PlayingPlayers;
        var cpu = Math.Pow(1.05, 100 * stats.SystemLoad) * 10 - 10;
        double deficit = 0, nulled = 0;
        if (stats.Frames is { } frames)
        {
            // A negative deficit (frames sent early) is no merit: it counts as zero.
            deficit = Math.Pow(1.03, 500 * (Math.Max(0, frames.Deficit) / ExpectedFramesPerMinute)) * 600 - 600;
            nulled = (Math.Pow(1.03, 500 * (Math.Max(0, frames.Nulled) / ExpectedFramesPerMinute)) * 300 - 300) * 2;
        }
        return players + cpu + deficit + nulled;
    }
}
