using System.Globalization;
using System.Net.Http.Headers;

namespace Asphalt.Gateway.Discord.Rest;

/// <summary>What Discord says about a route's bucket in the X-RateLimit-* headers (Rate_Limits.md "Header Format").</summary>
public sealed record RateLimitHeaders(string? Bucket, int? Limit, int? Remaining, TimeSpan? ResetAfter, bool Global, string? Scope)
{
    public static RateLimitHeaders Parse(HttpResponseHeaders headers) => new(
        Bucket: Get(headers, "X-RateLimit-Bucket"),
        Limit: int.TryParse(Get(headers, "X-RateLimit-Limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
        Remaining: int.TryParse(Get(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : null,
        ResetAfter: double.TryParse(Get(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null,
        Global: string.Equals(Get(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
        Scope: Get(headers, "X-RateLimit-Scope"));

    /// <summary>Seconds of a <c>Retry-After</c> header (used when a 429 body carries no retry_after).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers) =>
        headers.RetryAfter?.Delta ?? (double.TryParse(Get(headers, "Retry-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null);

    private static string? Get(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
