using System.Globalization;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Microsoft.AspNetCore.Http;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>
/// The middleware in front of every <c>/api/v10</c> route: request log, bot-token check, rate-limit headers
/// and 429s, and Discord-shaped errors for anything a route throws.
/// </summary>
internal sealed class RestPipeline(EmulatorContext context)
{
    public const string ApiPrefix = "/api/v10";

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var route = http.GetEndpoint()?.Metadata.GetMetadata<RestRoute>();
        try
        {
            await HandleAsync(http, route, next).ConfigureAwait(false);
        }
        catch (DiscordRestException error) when (!http.Response.HasStarted)
        {
            await RestJson.WriteAsync(http, error.Status, error.ToJson()).ConfigureAwait(false);
        }
        finally
        {
            var headers = http.Request.Headers;
            context.Log.RestRequests.Add(new RestRequestRecord(
                http.Request.Method,
                http.Request.Path.Value ?? "",
                route?.Name,
                http.Response.StatusCode,
                headers.Authorization.Count > 0,
                headers.UserAgent.Count > 0 ? headers.UserAgent.ToString() : null,
                http.Request.ContentType,
                headers.TryGetValue("X-Audit-Log-Reason", out var reason) ? reason.ToString() : null,
                context.Time.GetUtcNow()));
        }
    }

    private async Task HandleAsync(HttpContext http, RestRoute? route, RequestDelegate next)
    {
        if (route is null)
        {
            throw http.GetEndpoint() is null ? DiscordErrors.NotFound() : DiscordErrors.MethodNotAllowed();
        }

        CheckAuthorization(http, route);

        var major = string.Join('|', route.MajorParameters.Select(p => http.Request.RouteValues[p]?.ToString()));
        var decision = context.RateLimiter.Acquire(route, major);
        WriteHeaders(http.Response, decision);
        if (!decision.Allowed)
        {
            await WriteTooManyRequestsAsync(http, decision).ConfigureAwait(false);
            return;
        }

        await next(http).ConfigureAwait(false);
    }

    /// <summary>
    /// Bot routes need <c>Authorization: Bot &lt;token&gt;</c>. Interaction and webhook routes are authorized by
    /// their token in the path, but a wrong Authorization header is still refused, as Discord does.
    /// </summary>
    private void CheckAuthorization(HttpContext http, RestRoute route)
    {
        var authorization = http.Request.Headers.Authorization;
        if (!route.RequiresBotToken && authorization.Count == 0)
        {
            return;
        }

        if (authorization.ToString() != "Bot " + context.Options.BotToken)
        {
            throw DiscordErrors.Unauthorized();
        }
    }

    private static void WriteHeaders(HttpResponse response, RateLimitDecision decision)
    {
        if (decision.Scope == RateLimitScope.Global)
        {
            return;
        }

        var headers = response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (decision.ResetAt.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Seconds(decision.ResetAfter).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = decision.Bucket;
    }

    /// <summary>A 429 (docs/topics/Rate_Limits.md, "Exceeding A Rate Limit").</summary>
    private static async Task WriteTooManyRequestsAsync(HttpContext http, RateLimitDecision decision)
    {
        var global = decision.Scope == RateLimitScope.Global;
        var retryAfter = Math.Round(Seconds(decision.ResetAfter), 3);
        var headers = http.Response.Headers;
        headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter)).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = decision.Scope!.Value.ToString().ToLowerInvariant();
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        var body = new JsonObject
        {
            ["message"] = "You are being rate limited.",
            ["retry_after"] = retryAfter,
            ["global"] = global,
        };
        if (global)
        {
            body["code"] = 0;
        }

        await RestJson.WriteAsync(http, 429, body).ConfigureAwait(false);
    }

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);
}
