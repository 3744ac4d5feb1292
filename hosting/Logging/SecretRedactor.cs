using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Asphalt.Hosting.Logging;

/// <summary>
/// Removes secrets from everything a process logs. Secrets loaded at run time (the Discord token,
/// webhook secrets …) are registered here; strings shaped like a Discord bot token or an
/// Authorization header are scrubbed even when nobody registered them.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "[redacted]";
    private static readonly ConcurrentDictionary<string, byte> Secrets = new();

    /// <summary>Registers a secret; values shorter than 6 characters are ignored (they would mask ordinary words).</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 6) Secrets.TryAdd(secret, 0);
    }

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in Secrets.Keys)
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        text = DiscordTokenShape().Replace(text, Mask);
        return AuthorizationValue().Replace(text, m => m.Groups["name"].Value + Mask);
    }

    // Discord bot tokens: base64 user id . timestamp . HMAC (see Discord's "Authentication" docs).
    [GeneratedRegex(@"[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}")]
    private static partial Regex DiscordTokenShape();

    [GeneratedRegex(@"(?<name>(Authorization|Bot|Bearer)[\s:=""]+)[A-Za-z0-9._~+/=-]{8,}", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationValue();
}
