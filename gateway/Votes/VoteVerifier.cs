using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Asphalt.Gateway.Votes;

public enum Verification
{
    Verified,
    /// <summary>No credentials at all → 401.</summary>
    Missing,
    /// <summary>Wrong secret, bad signature or stale timestamp → 403.</summary>
    Rejected,
}

/// <summary>
/// Checks that a delivery comes from the site: the configured header equals the secret, or carries
/// an HMAC-SHA256 of the raw body. Every comparison is constant-time
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>).
/// </summary>
public static class VoteVerifier
{
    public const string DefaultSecretHeader = "Authorization";

    /// <summary>top.gg v1's signature header (docs.top.gg "Webhooks": <c>t={unix timestamp},v1={hmac_sha256_hex}</c>).</summary>
    public const string TopggSignatureHeader = "x-topgg-signature";

    public static Verification Verify(VoteSourceOptions source, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var secret = Encoding.UTF8.GetBytes(source.Secret ?? "");
        if (secret.Length == 0) return Verification.Rejected;
        switch (source.Auth)
        {
            case VoteAuth.Header:
            {
                var value = headers[source.Header ?? DefaultSecretHeader].ToString();
                if (value.Length == 0) return Verification.Missing;
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value), secret) ? Verification.Verified : Verification.Rejected;
            }
            case VoteAuth.HmacSha256:
            {
                var value = headers[source.Header!].ToString();
                if (value.Length == 0) return Verification.Missing;
                if (source.SignaturePrefix is { Length: > 0 } prefix)
                {
                    if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return Verification.Rejected;
                    value = value[prefix.Length..];
                }
                return HexEquals(value, HMACSHA256.HashData(secret, body)) ? Verification.Verified : Verification.Rejected;
            }
            case VoteAuth.TopggV1:
                return VerifyTopggV1(headers[source.Header ?? TopggSignatureHeader].ToString(), secret, body, now, source.SignatureTolerance);
            default:
                return Verification.Rejected;
        }
    }

    /// <summary><c>t={unix},v1={hex}</c> where hex = HMAC-SHA256(secret, "{t}." + raw body), and t within the tolerance of now.</summary>
    private static Verification VerifyTopggV1(string header, byte[] secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header.Length == 0) return Verification.Missing;
        string? timestamp = null, signature = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) return Verification.Rejected;
            var (name, value) = (part[..eq], part[(eq + 1)..]);
            if (name == "t") timestamp = value;
            else if (name == "v1") signature = value;
        }
        if (timestamp is null || signature is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return Verification.Rejected;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > tolerance) return Verification.Rejected;

        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HexEquals(signature, HMACSHA256.HashData(secret, message)) ? Verification.Verified : Verification.Rejected;
    }

    private static bool HexEquals(string hex, byte[] expected)
    {
        if (hex.Length != expected.Length * 2) return false;
        byte[] given;
        try { given = Convert.FromHexString(hex); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>The header value top.gg v1 would send for <paramref name="body"/> at <paramref name="at"/> (tests and the sandbox sign with it).</summary>
    public static string TopggV1Signature(string secret, ReadOnlySpan<byte> body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.UTF8.GetBytes(t + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message))}";
    }
}
