using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Asphalt.Grains.Audio;
using Asphalt.Grains.Ports;

namespace Asphalt.Silo.Audio.Lavalink;

/// <summary>
/// The REST API of one Lavalink v4 node. Every failure — Lavalink's error body
/// <c>{timestamp, status, error, trace?, message, path}</c>, an unexpected body, or no answer —
/// becomes an <see cref="AudioNodeException"/> naming the node, the status and Lavalink's message.
/// </summary>
public sealed class LavalinkRestClient : IDisposable
{
    /// <summary>Lavalink answers within milliseconds unless a source is slow to resolve; loadtracks may take seconds.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;

    public LavalinkRestClient(AudioNodeOptions node, HttpMessageHandler? handler = null)
    {
        Node = node.Name;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(node.Uri.TrimEnd('/') + "/"),
            Timeout = RequestTimeout,
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", node.Password);
    }

    public string Node { get; }

    public Task<LavalinkLoadResult> LoadTracksAsync(string identifier, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v4/loadtracks?identifier=" + Uri.EscapeDataString(identifier), null, LavalinkJson.Default.LavalinkLoadResult, cancellationToken);

    public Task<LavalinkTrack> DecodeTrackAsync(string encoded, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v4/decodetrack?encodedTrack=" + Uri.EscapeDataString(encoded), null, LavalinkJson.Default.LavalinkTrack, cancellationToken);

    public Task<LavalinkTrack[]> DecodeTracksAsync(IEnumerable<string> encoded, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "v4/decodetracks", JsonContent.Create(encoded.ToArray(), LavalinkJson.Default.StringArray), LavalinkJson.Default.LavalinkTrackArray, cancellationToken);

    /// <summary>PATCH the player (created if missing). <paramref name="body"/> follows the Update Player request.</summary>
    public Task<LavalinkPlayer> UpdatePlayerAsync(string sessionId, long guildId, JsonObject body, bool noReplace = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"v4/sessions/{Uri.EscapeDataString(sessionId)}/players/{guildId.ToString(CultureInfo.InvariantCulture)}?noReplace={(noReplace ? "true" : "false")}",
            JsonContent.Create(body, LavalinkJson.Default.JsonObject), LavalinkJson.Default.LavalinkPlayer, cancellationToken);

    public async Task DestroyPlayerAsync(string sessionId, long guildId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, $"v4/sessions/{Uri.EscapeDataString(sessionId)}/players/{guildId.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return; // already gone: what we wanted
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>PATCH /v4/sessions/{id}: enables resuming for <paramref name="timeout"/> after the socket closes.</summary>
    public Task<LavalinkSession> UpdateSessionAsync(string sessionId, bool resuming, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Patch, $"v4/sessions/{Uri.EscapeDataString(sessionId)}",
            JsonContent.Create(new LavalinkSession(resuming, (int)timeout.TotalSeconds), LavalinkJson.Default.LavalinkSession), LavalinkJson.Default.LavalinkSession, cancellationToken);

    public Task<LavalinkInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v4/info", null, LavalinkJson.Default.LavalinkInfo, cancellationToken);

    public Task<LavalinkStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "v4/stats", null, LavalinkJson.Default.LavalinkStats, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken) ?? throw new JsonException("empty body");
        }
        catch (JsonException e)
        {
            throw new AudioNodeException(Node, (int)response.StatusCode, "unexpected response: " + e.Message, "/" + StripQuery(path), e);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AudioNodeException(Node, null, e is TaskCanceledException ? "no answer in time" : e.Message, "/" + StripQuery(path), e);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var status = (int)response.StatusCode;
        var path = response.RequestMessage?.RequestUri?.AbsolutePath;
        string message;
        try
        {
            var error = await response.Content.ReadFromJsonAsync(LavalinkJson.Default.LavalinkError, cancellationToken);
            message = error?.Message ?? error?.Error ?? response.ReasonPhrase ?? "error";
            path = error?.Path ?? path;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            message = response.ReasonPhrase ?? "error"; // not Lavalink's error shape (a proxy, or a 403 with no body)
        }
        throw new AudioNodeException(Node, status, message, path);
    }

    private static string StripQuery(string path) => path.Split('?')[0];

    public void Dispose() => _http.Dispose();
}
