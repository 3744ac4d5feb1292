namespace Asphalt.Grains.Audio;

/// <summary>The Discord voice region of a VOICE_SERVER_UPDATE endpoint.</summary>
public static class VoiceRegion
{
    /// <summary>
    /// <c>c-ewr07-3d9f2a3b.discord.media:443</c> → <c>ewr</c> (newer servers: an IATA-style airport code);
    /// <c>vip-us-east1234.discord.gg</c>, <c>us-east1234.discord.media</c> → <c>us-east</c> (older: the region name
    /// with its server number). Null for an empty endpoint.
    /// </summary>
    public static string? Parse(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint)) return null;
        var host = endpoint.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var label = host.Split('.', ':', '/')[0].ToLowerInvariant();
        if (label.StartsWith("vip-", StringComparison.Ordinal)) label = label[4..];

        if (label.StartsWith("c-", StringComparison.Ordinal))
        {
            // c-{code}{number}-{hash}
            var code = new string(label[2..].TakeWhile(char.IsAsciiLetter).ToArray());
            if (code.Length > 0) return code;
        }

        var name = label.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').TrimEnd('-');
        return name.Length > 0 ? name : null;
    }
}
