using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Discord.Tokens;
using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Discord.Rest;

/// <summary>
/// Discord's REST API v10: authenticated, rate limited (<see cref="RestRateLimiter"/>), retried on
/// 429 (after retry_after) and on 5xx and timeouts (bounded, with backoff), and guarded against the
/// invalid-request ban (<see cref="InvalidRequestGuard"/>). Route templates — never ids or tokens — are logged.
/// </summary>
public sealed class DiscordRestClient
{
    private readonly HttpClient _http;
    private readonly IDiscordTokenSource _tokens;
    private readonly RestRateLimiter _limiter;
    private readonly InvalidRequestGuard _invalid;
    private readonly RestOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly Uri _baseUrl;
    private readonly string _userAgent;

    public DiscordRestClient(HttpClient http, IDiscordTokenSource tokens, IOptions<DiscordOptions> options, GatewayMetrics metrics,
        TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options.Value.Rest;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _limiter = new RestRateLimiter(time, _options.GlobalRequestsPerSecond);
        _invalid = new InvalidRequestGuard(time, _options.InvalidRequestLimit);
        _baseUrl = new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/");
        var version = typeof(DiscordRestClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        _userAgent = $"DiscordBot ({options.Value.UserAgentUrl}, {version})"; // the format Discord requires (Reference.md "User Agent")
    }

    public RestRateLimiter RateLimiter => _limiter;
    public InvalidRequestGuard InvalidRequests => _invalid;

    public Task<GatewayBotResponse> GetGatewayBotAsync(CancellationToken ct) =>
        SendAsync(DiscordRoute.GatewayBot(), DiscordJsonContext.Default.GatewayBotResponse, ct);

    public Task<ApplicationInfo> GetCurrentApplicationAsync(CancellationToken ct) =>
        SendAsync(DiscordRoute.CurrentApplication(), DiscordJsonContext.Default.ApplicationInfo, ct);

    /// <summary>Replaces all global commands (PUT /applications/{id}/commands), or a guild's when <paramref name="guildId"/> is set.</summary>
    public async Task BulkOverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommandPayload> commands, CancellationToken ct)
    {
        var route = guildId is null ? DiscordRoute.BulkOverwriteGlobalCommands(applicationId) : DiscordRoute.BulkOverwriteGuildCommands(applicationId, guildId);
        await SendAsync(route, Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommandPayload), ct);
    }

    /// <summary>POST /channels/{id}/messages.</summary>
    public Task<DiscordMessage> CreateMessageAsync(string channelId, string content, CancellationToken ct) =>
        SendAsync(DiscordRoute.CreateMessage(channelId), DiscordJsonContext.Default.DiscordMessage, ct,
            Json(new WebhookMessage(content), DiscordJsonContext.Default.WebhookMessage));

    /// <summary>POST /users/@me/channels: the DM channel with <paramref name="userId"/> (created on first use).</summary>
    public Task<DiscordChannel> CreateDmAsync(string userId, CancellationToken ct) =>
        SendAsync(DiscordRoute.CreateDm(), DiscordJsonContext.Default.DiscordChannel, ct,
            Json(new CreateDmRequest(userId), DiscordJsonContext.Default.CreateDmRequest));

    /// <summary>POST /interactions/{id}/{token}/callback — the first answer (types 4, 5, 6, 7, 8).</summary>
    public async Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken ct) =>
        await SendAsync(DiscordRoute.InteractionCallback(interactionId, interactionToken), Json(response, DiscordJsonContext.Default.InteractionResponse), ct);

    public async Task EditOriginalResponseAsync(string applicationId, string interactionToken, WebhookMessage message, CancellationToken ct) =>
        await SendAsync(DiscordRoute.EditOriginalResponse(applicationId, interactionToken), Json(message, DiscordJsonContext.Default.WebhookMessage), ct);

    public async Task DeleteOriginalResponseAsync(string applicationId, string interactionToken, CancellationToken ct) =>
        await SendAsync(DiscordRoute.DeleteOriginalResponse(applicationId, interactionToken), null, ct);

    public async Task CreateFollowupAsync(string applicationId, string interactionToken, WebhookMessage message, CancellationToken ct) =>
        await SendAsync(DiscordRoute.CreateFollowup(applicationId, interactionToken), Json(message, DiscordJsonContext.Default.WebhookMessage), ct);

    public async Task<T> SendAsync<T>(DiscordRoute route, JsonTypeInfo<T> responseType, CancellationToken ct, Func<HttpContent>? body = null)
    {
        var text = await SendAsync(route, body, ct);
        try
        {
            return JsonSerializer.Deserialize(text, responseType) ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new DiscordRestException(route, 200, null, $"Discord's answer to {route} could not be read: {e.Message}");
        }
    }

    /// <summary>Sends a request and returns the response body. <paramref name="body"/> makes fresh content for every attempt.</summary>
    public async Task<string> SendAsync(DiscordRoute route, Func<HttpContent>? body, CancellationToken ct)
    {
        var serverErrors = 0;
        var rateLimits = 0;
        while (true)
        {
            if (_invalid.IsOverLimit)
                throw new DiscordRestException(route, 0, null,
                    $"Refusing {route}: {_invalid.Count} requests were rejected (401/403/429) in the last 10 minutes, close to Discord's IP ban at {DiscordLimits.InvalidRequestsBanThreshold}. Fix what is being rejected (token? permissions?).");

            HttpResponseMessage response;
            using (var lease = await _limiter.AcquireAsync(route, ct))
            {
                try
                {
                    response = await SendOnceAsync(route, body, ct);
                }
                catch (Exception e) when (IsTransient(e, ct) && serverErrors < _options.MaxServerErrorRetries)
                {
                    lease.Dispose();
                    _metrics.RestRequest(route.Template, 0);
                    _logger.LogWarning("Discord {Route} failed ({Error}); retrying", route.RouteKey, e.GetType().Name);
                    await Task.Delay(RetryDelay(serverErrors++), _time, ct);
                    continue;
                }
                var headers = RateLimitHeaders.Parse(response.Headers);
                lease.Update(headers);
                var status = (int)response.StatusCode;
                _metrics.RestRequest(route.Template, status);

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var (retryAfter, global) = await ReadRateLimitAsync(response, headers, ct);
                    var scope = headers.Scope ?? (global ? "global" : "user");
                    _metrics.RateLimited(scope);
                    if (scope != "shared") _invalid.Record(); // shared-resource 429s do not count (Rate_Limits.md)
                    lease.RateLimited(retryAfter, global);
                    response.Dispose();
                    _logger.LogWarning("Discord rate limited {Route} ({Scope}, retry after {RetryAfter} ms)", route.RouteKey, scope, (long)retryAfter.TotalMilliseconds);
                    if (rateLimits++ >= _options.MaxRateLimitRetries)
                        throw new DiscordRestException(route, status, null, $"{route} is still rate limited after {rateLimits} tries.");
                    continue; // the limiter waits out the block before the next attempt
                }
                if (status >= 500 && serverErrors < _options.MaxServerErrorRetries)
                {
                    response.Dispose();
                    lease.Dispose();
                    _logger.LogWarning("Discord answered {Status} to {Route}; retrying", status, route.RouteKey);
                    await Task.Delay(RetryDelay(serverErrors++), _time, ct);
                    continue;
                }
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode) return text;
                var status = (int)response.StatusCode;
                if (status is 401 or 403) _invalid.Record();
                DiscordErrorResponse? error = null;
                try { error = JsonSerializer.Deserialize(text, DiscordJsonContext.Default.DiscordErrorResponse); } catch (JsonException) { }
                if (status == 401) _logger.LogError("Discord rejected the bot token on {Route} (401): check Discord:Token / TokenFile / TokenUrl", route.RouteKey);
                throw new DiscordRestException(route, status, error?.Code, $"Discord answered {status} to {route}{(error is null ? "" : $": {error.Code} {error.Message}")}");
            }
        }
    }

    /// <summary>Times a cheap authenticated request (GET /gateway/bot): what /ping shows as REST latency.</summary>
    public async Task<TimeSpan> MeasureLatencyAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await GetGatewayBotAsync(ct);
        return Stopwatch.GetElapsedTime(started);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(DiscordRoute route, Func<HttpContent>? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(route.Method, new Uri(_baseUrl, route.Path.TrimStart('/')));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", await _tokens.GetTokenAsync(ct));
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (body is not null) request.Content = body();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{route} timed out after {_options.RequestTimeout.TotalSeconds} s");
        }
    }

    private static bool IsTransient(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is HttpRequestException or TimeoutException or IOException;

    private TimeSpan RetryDelay(int attempt) => _options.RetryBaseDelay * Math.Pow(2, attempt);

    private static async Task<(TimeSpan RetryAfter, bool Global)> ReadRateLimitAsync(HttpResponseMessage response, RateLimitHeaders headers, CancellationToken ct)
    {
        RateLimitedResponse? body = null;
        try
        {
            body = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(ct), DiscordJsonContext.Default.RateLimitedResponse);
        }
        catch (JsonException)
        {
        }
        var retryAfter = body is not null ? TimeSpan.FromSeconds(body.RetryAfter)
            : RateLimitHeaders.RetryAfter(response.Headers) ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
        return (retryAfter, headers.Global || body?.Global == true);
    }

    private static Func<HttpContent> Json<T>(T value, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        return () => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName } } };
    }
}

/// <summary>A REST call that failed for good; <see cref="DiscordCode"/> is Discord's JSON error code when it sent one (10062 = unknown interaction).</summary>
public sealed class DiscordRestException(DiscordRoute route, int status, int? discordCode, string message) : Exception(message)
{
    public DiscordRoute Route { get; } = route;
    public int Status { get; } = status;
    public int? DiscordCode { get; } = discordCode;
}
