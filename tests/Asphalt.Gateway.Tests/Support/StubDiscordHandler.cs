using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Asphalt.Gateway.Tests.Support;

/// <summary>The far edge of the REST client for unit tests: answers each request with the next scripted response and records what was sent.</summary>
public sealed class StubDiscordHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, int, HttpResponseMessage> _respond;
    private int _count;

    public StubDiscordHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) => _respond = respond;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var n = Interlocked.Increment(ref _count) - 1;
        Requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri!.AbsolutePath, body,
            request.Headers.Authorization?.ToString(), string.Join(" ", request.Headers.GetValues("User-Agent"))));
        return _respond(request, n);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    public static HttpResponseMessage Ok(string json = "{}", params (string Name, string Value)[] headers) => Json(HttpStatusCode.OK, json, headers);

    public static HttpResponseMessage TooManyRequests(double retryAfter, bool global = false, string scope = "user") =>
        Json(HttpStatusCode.TooManyRequests, $$"""{"message":"You are being rate limited.","retry_after":{{retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"global":{{(global ? "true" : "false")}}}""",
            ("X-RateLimit-Scope", scope), ("X-RateLimit-Global", global ? "true" : "false"));
}

public sealed record RecordedRequest(string Method, string Path, string? Body, string? Authorization, string UserAgent);
