using System.Globalization;

namespace Asphalt.Gateway.Commands.Audio;

/// <summary>Positions as people type them: <c>83</c> (seconds), <c>1:23</c>, <c>1:02:03</c>.</summary>
public static class TrackPosition
{
    public static bool TryParse(string text, out long milliseconds)
    {
        milliseconds = 0;
        var parts = text.Trim().Split(':');
        if (parts.Length is < 1 or > 3) return false;
        long total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
            // After the first part, minutes and seconds are two digits below 60 ("1:5" is not a time).
            if (i > 0 && (parts[i].Length != 2 || n >= 60)) return false;
            if (n > 1_000_000) return false;
            total = total * 60 + n;
        }
        milliseconds = total * 1000;
        return true;
    }
}
