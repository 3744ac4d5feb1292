using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Asphalt.Grains.Audio;
using Asphalt.Grains.Interfaces.Audio;

namespace Asphalt.Silo.Audio.Lavalink;

/// <summary>What a node's WebSocket tells; the silo forwards it to the grains.</summary>
public interface ILavalinkListener
{
    /// <summary>The session id to resume at (re)connection, null for a new session.</summary>
    Task<string?> GetResumableSessionAsync(string node, CancellationToken cancellationToken);

    Task OnReadyAsync(string node, string sessionId, bool resumed);

    Task OnClosedAsync(string node, string sessionId);

    ValueTask OnPlayerUpdateAsync(long guildId, NodePlayerState state);

    ValueTask OnPlayerEventAsync(long guildId, NodePlayerEvent playerEvent);

    Task OnStatsAsync(string node, string sessionId, NodeStats stats);
}

/// <summary>
/// The WebSocket of one node (<c>/v4/websocket</c>, server → client only). Connects with
/// Authorization, User-Id, Client-Name and — to resume — Session-Id; enables resuming on ready;
/// reconnects with exponential backoff and jitter, resuming the same session when it can.
/// </summary>
public sealed class LavalinkConnection(
    AudioNodeOptions node,
    AudioOptions options,
    LavalinkRestClient rest,
    ILavalinkListener listener,
    ILogger logger)
{
    /// <summary>Lavalink's messages are small (a track is under a few KB); this bounds a bad frame.</summary>
    private const int MaxMessageBytes = 4 * 1024 * 1024;

    private volatile string? _sessionId;
    private volatile bool _open;

    public string Node => node.Name;

    public string? SessionId => _sessionId;

    public bool IsOpen => _open;

    /// <summary>Connects and reconnects until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var resume = _sessionId ?? await listener.GetResumableSessionAsync(node.Name, cancellationToken);
                var ready = await ConnectAndReceiveAsync(resume, cancellationToken);
                if (ready) attempt = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Lavalink node {Node}: connection failed: {Error}", node.Name, e.Message);
            }

            if (cancellationToken.IsCancellationRequested) return;
            var delay = Backoff(attempt++);
            logger.LogInformation("Lavalink node {Node}: reconnecting in {Delay}", node.Name, delay);
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var capped = Math.Min(exponential, options.MaxReconnectDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4)); // ±20 % so nodes' clients do not reconnect in step
    }

    /// <returns>Whether the session became ready (the backoff starts over).</returns>
    private async Task<bool> ConnectAndReceiveAsync(string? resumeSessionId, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", node.Password);
        socket.Options.SetRequestHeader("User-Id", options.BotUserId.ToString(CultureInfo.InvariantCulture));
        socket.Options.SetRequestHeader("Client-Name", options.ClientName);
        if (resumeSessionId is not null) socket.Options.SetRequestHeader("Session-Id", resumeSessionId);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);

        var uri = new UriBuilder(node.Uri) { Scheme = node.Uri.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? "wss" : "ws" };
        uri.Path = uri.Path.TrimEnd('/') + "/v4/websocket";
        try
        {
            await socket.ConnectAsync(uri.Uri, cancellationToken);
        }
        catch (WebSocketException e) when (socket.HttpStatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException($"the node refused the password (401); check Audio:Nodes for '{node.Name}'", e);
        }

        var ready = false;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > MaxMessageBytes) throw new InvalidOperationException("a message exceeded " + MaxMessageBytes + " bytes");
                } while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    logger.LogWarning("Lavalink node {Node} closed the socket: {Status} {Description}", node.Name, socket.CloseStatus, socket.CloseStatusDescription);
                    break;
                }
                if (await HandleAsync(buffer.WrittenMemory, cancellationToken)) ready = true;
            }
        }
        catch (WebSocketException e)
        {
            logger.LogWarning("Lavalink node {Node}: socket lost: {Error}", node.Name, e.Message);
        }
        finally
        {
            _open = false;
            if (ready && _sessionId is { } closed)
            {
                try
                {
                    await listener.OnClosedAsync(node.Name, closed);
                }
                catch (Exception e)
                {
                    logger.LogWarning("Lavalink node {Node}: could not report the closed session: {Error}", node.Name, e.Message);
                }
            }
            if (cancellationToken.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                // A silo that stops closes normally; the node keeps the session for resuming.
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "silo stopping", closeTimeout.Token); }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
            }
        }
        return ready;
    }

    /// <returns>True for op ready.</returns>
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            logger.LogWarning("Lavalink node {Node} sent unreadable JSON: {Error}", node.Name, e.Message);
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            var op = root.TryGetProperty("op", out var o) ? o.GetString() : null;
            try
            {
                switch (op)
                {
                    case "ready":
                        var sessionId = root.GetProperty("sessionId").GetString()!;
                        var resumed = root.TryGetProperty("resumed", out var r) && r.GetBoolean();
                        if (resumeMismatch(sessionId)) logger.LogInformation("Lavalink node {Node}: new session {SessionId} (the old one was not resumed)", node.Name, sessionId);
                        _sessionId = sessionId;
                        _open = true;
                        await rest.UpdateSessionAsync(sessionId, resuming: true, options.ResumeTimeout, cancellationToken);
                        await listener.OnReadyAsync(node.Name, sessionId, resumed);
                        return true;
                    case "playerUpdate":
                        var state = root.GetProperty("state");
                        await listener.OnPlayerUpdateAsync(GuildId(root), new NodePlayerState(node.Name, _sessionId!,
                            state.GetProperty("time").GetInt64(), state.TryGetProperty("position", out var p) ? p.GetInt64() : 0,
                            state.GetProperty("connected").GetBoolean(), state.TryGetProperty("ping", out var ping) ? ping.GetInt32() : -1));
                        break;
                    case "stats":
                        var stats = root.Deserialize(LavalinkJson.Default.LavalinkStats)!;
                        await listener.OnStatsAsync(node.Name, _sessionId!, stats.ToNodeStats());
                        break;
                    case "event":
                        if (ToEvent(root) is { } playerEvent) await listener.OnPlayerEventAsync(GuildId(root), playerEvent);
                        break;
                    default:
                        logger.LogDebug("Lavalink node {Node}: ignored op {Op}", node.Name, op);
                        break;
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                logger.LogWarning("Lavalink node {Node}: skipped a malformed {Op} message: {Error}", node.Name, op, e.Message);
            }
        }
        return false;

        bool resumeMismatch(string id) => _sessionId is { } old && old != id;
    }

    private NodePlayerEvent? ToEvent(JsonElement root)
    {
        var type = root.GetProperty("type").GetString();
        string? Encoded() => root.TryGetProperty("track", out var t) && t.ValueKind == JsonValueKind.Object ? t.GetProperty("encoded").GetString() : null;
        var session = _sessionId!;
        return type switch
        {
            "TrackStartEvent" => new NodePlayerEvent(node.Name, session, NodeEventKind.TrackStart, Encoded()),
            "TrackEndEvent" => new NodePlayerEvent(node.Name, session, NodeEventKind.TrackEnd, Encoded(), ParseReason(root.GetProperty("reason").GetString())),
            "TrackExceptionEvent" => new NodePlayerEvent(node.Name, session, NodeEventKind.TrackException, Encoded(),
                Detail: root.TryGetProperty("exception", out var ex) ? ex.Deserialize(LavalinkJson.Default.LavalinkException) is { } x ? $"{x.Severity}: {x.Message ?? x.Cause}" : null : null),
            "TrackStuckEvent" => new NodePlayerEvent(node.Name, session, NodeEventKind.TrackStuck, Encoded(),
                Detail: root.TryGetProperty("thresholdMs", out var th) ? th.GetInt64().ToString(CultureInfo.InvariantCulture) + " ms" : null),
            "WebSocketClosedEvent" => new NodePlayerEvent(node.Name, session, NodeEventKind.WebSocketClosed, null,
                Detail: root.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
                CloseCode: root.TryGetProperty("code", out var code) ? code.GetInt32() : null),
            _ => null, // a plugin's event
        };
    }

    private static TrackEndReason ParseReason(string? reason) => reason switch
    {
        "finished" => TrackEndReason.Finished,
        "loadFailed" => TrackEndReason.LoadFailed,
        "stopped" => TrackEndReason.Stopped,
        "replaced" => TrackEndReason.Replaced,
        "cleanup" => TrackEndReason.Cleanup,
        _ => throw new FormatException($"unknown TrackEndEvent reason '{reason}'"),
    };

    private static long GuildId(JsonElement root) => long.Parse(root.GetProperty("guildId").GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
}
