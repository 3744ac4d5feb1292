using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>
/// One client WebSocket: HELLO, then IDENTIFY or RESUME, heartbeats and dispatches (docs/topics/Gateway.md,
/// "Connection Lifecycle"). A single writer loop owns the socket's send side and the zlib-stream context.
/// </summary>
internal sealed class GatewayConnection : IAsyncDisposable
{
    /// <summary>Frames buffered towards a slow client before dispatchers wait (back-pressure for benchmarks).</summary>
    private const int OutboundCapacity = 4096;

    /// <summary>How long the emulator waits for the client's close frame after sending its own.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpContext _http;
    private readonly WebSocket _socket;
    private readonly EmulatorContext _context;
    private readonly GatewayEndpointKind _endpoint;
    private readonly string _pathAndQuery;
    private readonly Channel<Outbound> _outbound = Channel.CreateBounded<Outbound>(
        new BoundedChannelOptions(OutboundCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _closed = new();
    private readonly Queue<DateTimeOffset> _recentPayloads = new();
    private readonly MemoryStream? _compressedBuffer;
    private readonly ZLibStream? _zlib;
    private GatewaySession? _session;
    private int? _lastShardId;
    private int? _serverCloseCode;
    private string? _serverCloseReason;
    private int _closeRequested;

    public GatewayConnection(HttpContext http, WebSocket socket, EmulatorContext context, GatewayEndpointKind endpoint, bool compress)
    {
        _http = http;
        _socket = socket;
        _context = context;
        _endpoint = endpoint;
        _pathAndQuery = http.Request.Path + http.Request.QueryString;
        Id = context.Gateway.NextConnectionId();
        if (compress)
        {
            _compressedBuffer = new MemoryStream();
            _zlib = new ZLibStream(_compressedBuffer, CompressionLevel.Fastest, leaveOpen: true);
        }
    }

    public long Id { get; }

    /// <summary>The shard this connection serves or last served (it keeps it after op 9 ended the session).</summary>
    public int? ShardId => Volatile.Read(ref _session)?.ShardId ?? _lastShardId;

    private DateTimeOffset Now => _context.Time.GetUtcNow();

    private DiscordEmulatorOptions Options => _context.Options;

    /// <summary>Queues a frame; returns false when the connection is already closing (the frame stays in the session for RESUME).</summary>
    public async ValueTask<bool> SendAsync(byte[] frame, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _closeRequested) != 0)
        {
            return false;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            await _outbound.Writer.WriteAsync(new Outbound(frame, null, null), linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is ChannelClosedException or ObjectDisposedException || (e is OperationCanceledException && _closed.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Sends a raw text frame, bypassing sequencing (malformed-frame tests).</summary>
    public ValueTask<bool> SendRawAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Closes with <paramref name="code"/> after the frames already queued.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        _serverCloseCode = code;
        _serverCloseReason = reason;
        try
        {
            await _outbound.Writer.WriteAsync(new Outbound(null, code, reason), _closed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        _ = AbortIfNoHandshakeAsync();
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort()
    {
        _serverCloseReason ??= "aborted";
        try
        {
            _http.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request ended on its own while we were aborting it: already dropped.
        }
    }

    public async Task RunAsync()
    {
        _context.Log.Connections.Add(new GatewayConnectionRecord(Id, _endpoint, _pathAndQuery, _zlib is not null, Now));
        var writer = Task.Run(WriteLoopAsync);
        await SendAsync(GatewayFrames.Hello(Options.HeartbeatInterval)).ConfigureAwait(false);

        int? clientCloseCode = null;
        try
        {
            clientCloseCode = await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // The TCP connection dropped without a close frame: the session stays resumable.
        }
        finally
        {
            _outbound.Writer.TryComplete();
            await _closed.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
        }

        await EndSessionAsync(clientCloseCode).ConfigureAwait(false);
        _context.Log.Closes.Add(new GatewayCloseRecord(Id, ShardId, clientCloseCode, _serverCloseCode, _serverCloseReason, Now));
    }

    private async Task EndSessionAsync(int? clientCloseCode)
    {
        if (_session is not { } session)
        {
            return;
        }

        var end = _serverCloseCode is { } serverCode
            ? !GatewayCloseCodes.KeepsSessionResumable(serverCode)
            : clientCloseCode is GatewayCloseCodes.NormalClosure or GatewayCloseCodes.GoingAway;
        await session.DetachAsync(this, end, Now).ConfigureAwait(false);
    }

    /// <summary>Reads messages until a close frame; returns the client's close code if the client sent one.</summary>
    private async Task<int?> ReceiveLoopAsync()
    {
        // One byte more than allowed, so that an oversized payload is seen without reading it whole.
        var buffer = new byte[DiscordLimits.MaxClientPayloadBytes + 1];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    await CloseAsync(GatewayCloseCodes.DecodeError, "Payload too large.").ConfigureAwait(false);
                    return await DrainUntilCloseAsync(buffer).ConfigureAwait(false);
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return await OnCloseFrameAsync().ConfigureAwait(false);
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (Volatile.Read(ref _closeRequested) != 0)
            {
                continue;
            }

            if (length > DiscordLimits.MaxClientPayloadBytes)
            {
                await CloseAsync(GatewayCloseCodes.DecodeError, "Payload too large.").ConfigureAwait(false);
                continue;
            }

            await HandleMessageAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
        }
    }

    private async Task<int?> DrainUntilCloseAsync(byte[] buffer)
    {
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return await OnCloseFrameAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<int?> OnCloseFrameAsync()
    {
        var code = (int?)_socket.CloseStatus;
        if (Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            // The client closed first: answer its close frame with the same code.
            await _outbound.Writer.WriteAsync(new Outbound(null, code ?? GatewayCloseCodes.NormalClosure, "")).ConfigureAwait(false);
        }

        return code;
    }

    private async Task AbortIfNoHandshakeAsync()
    {
        try
        {
            await Task.Delay(CloseHandshakeTimeout, _context.Time, _closed.Token).ConfigureAwait(false);
            _http.Abort();
        }
        catch (OperationCanceledException)
        {
            // The connection ended in time.
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var item in _outbound.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (item.Frame is { } frame)
                {
                    await WriteFrameAsync(frame).ConfigureAwait(false);
                    continue;
                }

                await _socket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode!.Value, item.CloseReason, CancellationToken.None).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or ConnectionAbortedException)
        {
            // The socket went away; the receive loop reports how.
        }
    }

    private async Task WriteFrameAsync(byte[] frame)
    {
        if (_zlib is null || _compressedBuffer is null)
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // zlib-stream: one deflate context for the whole connection; a sync flush ends each message
        // with 00 00 ff ff (docs/topics/Gateway.md, "Transport Compression").
        _zlib.Write(frame);
        _zlib.Flush();
        var compressed = _compressedBuffer.GetBuffer().AsMemory(0, (int)_compressedBuffer.Length);
        await _socket.SendAsync(compressed, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        _compressedBuffer.SetLength(0);
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> message)
    {
        if (IsRateLimited())
        {
            await CloseAsync(GatewayCloseCodes.RateLimited, "You are being rate limited.").ConfigureAwait(false);
            return;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(message.Span);
        }
        catch (JsonException)
        {
            await CloseAsync(GatewayCloseCodes.DecodeError, "Error while decoding payload.").ConfigureAwait(false);
            return;
        }

        if (root is not JsonObject payload || !TryGetInt(payload["op"], out var op))
        {
            await CloseAsync(GatewayCloseCodes.DecodeError, "Error while decoding payload.").ConfigureAwait(false);
            return;
        }

        var data = payload["d"];
        switch (op)
        {
            case GatewayOpcodes.Heartbeat:
                await OnHeartbeatAsync(data).ConfigureAwait(false);
                return;
            case GatewayOpcodes.Identify:
                await OnIdentifyAsync(data).ConfigureAwait(false);
                return;
            case GatewayOpcodes.Resume:
                await OnResumeAsync(data).ConfigureAwait(false);
                return;
        }

        if (!GatewayOpcodes.IsClientCommand(op))
        {
            await CloseAsync(GatewayCloseCodes.UnknownOpcode, "Unknown opcode.").ConfigureAwait(false);
            return;
        }

        if (_session is null)
        {
            await CloseAsync(GatewayCloseCodes.NotAuthenticated, "Not authenticated.").ConfigureAwait(false);
            return;
        }

        _context.Log.ClientPayloads.Add(new ClientPayloadRecord(Id, ShardId, op, data?.DeepClone(), Now));
    }

    /// <summary>Counts this payload; true when it is over 120 in the last 60 s.</summary>
    private bool IsRateLimited()
    {
        var now = Now;
        while (_recentPayloads.Count > 0 && now - _recentPayloads.Peek() >= DiscordLimits.ClientPayloadWindow)
        {
            _recentPayloads.Dequeue();
        }

        _recentPayloads.Enqueue(now);
        return _recentPayloads.Count > DiscordLimits.MaxClientPayloadsPerWindow;
    }

    private async Task OnHeartbeatAsync(JsonNode? data)
    {
        long? seq = data is null ? null : TryGetLong(data, out var s) ? s : null;
        var shard = ShardId;
        var acknowledged = shard is not { } id || !_context.Gateway.AcksWithheld(id);
        _context.Log.Heartbeats.Add(new HeartbeatRecord(Id, shard, seq, acknowledged, Now));
        if (acknowledged)
        {
            await SendAsync(GatewayFrames.HeartbeatAck()).ConfigureAwait(false);
        }
    }

    private async Task OnIdentifyAsync(JsonNode? data)
    {
        if (_session is not null)
        {
            await CloseAsync(GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.").ConfigureAwait(false);
            return;
        }

        if (data is not JsonObject identify || identify["token"]?.GetValueKind() != JsonValueKind.String || !TryGetLong(identify["intents"], out var intents))
        {
            await CloseAsync(GatewayCloseCodes.DecodeError, "Invalid IDENTIFY payload.").ConfigureAwait(false);
            return;
        }

        if (identify["token"]!.GetValue<string>() != Options.BotToken)
        {
            await CloseAsync(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.").ConfigureAwait(false);
            return;
        }

        if (!TryReadShard(identify["shard"], out var shardId, out var shardCount))
        {
            await CloseAsync(GatewayCloseCodes.InvalidShard, "Invalid shard.").ConfigureAwait(false);
            return;
        }

        if (shardCount < Options.RequiredShards)
        {
            await CloseAsync(GatewayCloseCodes.ShardingRequired, "Sharding required.").ConfigureAwait(false);
            return;
        }

        if ((intents & ~(long)GatewayIntents.All) != 0)
        {
            await CloseAsync(GatewayCloseCodes.InvalidIntents, "Invalid intent(s).").ConfigureAwait(false);
            return;
        }

        if ((intents & (long)GatewayIntents.Privileged & ~(long)Options.AllowedPrivilegedIntents) != 0)
        {
            await CloseAsync(GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).").ConfigureAwait(false);
            return;
        }

        if (_context.Gateway.TryStartSession(shardId) is { } refusal)
        {
            _context.Log.IdentifyRejections.Add(new IdentifyRejectionRecord(Id, shardId, refusal, Now));
            await SendAsync(GatewayFrames.InvalidSession(resumable: false)).ConfigureAwait(false);
            return;
        }

        var session = _context.Gateway.CreateSession(shardId, shardCount, intents);
        await session.AttachAsync(this).ConfigureAwait(false);
        Volatile.Write(ref _session, session);
        _lastShardId = shardId;
        _context.Gateway.MakeCurrent(session);

        var guilds = Options.Guilds.Where(g => g.ShardId(shardCount) == shardId).ToList();
        await session.DispatchAsync("READY", DiscordJson.SerializeToUtf8Bytes(Ready(session, guilds))).ConfigureAwait(false);
        if ((intents & (long)GatewayIntents.Guilds) != 0)
        {
            foreach (var guild in guilds)
            {
                await session.DispatchAsync("GUILD_CREATE", DiscordJson.SerializeToUtf8Bytes(DiscordPayloads.GuildCreate(guild, _context.BotUser, _context.VoiceStatesOf(guild.Id)))).ConfigureAwait(false);
            }
        }

        var properties = identify["properties"] as JsonObject;
        _context.Log.Identifies.Add(new IdentifyRecord(Id, shardId, shardCount, intents, session.SessionId, properties?.DeepClone().AsObject(), Now));
        _context.Log.ShardReady.Add(new ShardReadyRecord(Id, shardId, session.SessionId, Resumed: false, Now));
    }

    private async Task OnResumeAsync(JsonNode? data)
    {
        if (_session is not null)
        {
            await CloseAsync(GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.").ConfigureAwait(false);
            return;
        }

        if (data is not JsonObject resume
            || resume["token"]?.GetValueKind() != JsonValueKind.String
            || resume["session_id"]?.GetValueKind() != JsonValueKind.String
            || !TryGetLong(resume["seq"], out var seq))
        {
            await CloseAsync(GatewayCloseCodes.DecodeError, "Invalid RESUME payload.").ConfigureAwait(false);
            return;
        }

        if (resume["token"]!.GetValue<string>() != Options.BotToken)
        {
            await CloseAsync(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.").ConfigureAwait(false);
            return;
        }

        var sessionId = resume["session_id"]!.GetValue<string>();
        var session = _context.Gateway.FindSession(sessionId);
        var outcome = session is null
            ? ResumeOutcome.Invalid
            : await session.ResumeAsync(this, seq, Options.ResumeWindow, Now).ConfigureAwait(false);

        _context.Log.Resumes.Add(new ResumeRecord(
            Id, session?.ShardId, sessionId, seq, _endpoint, _pathAndQuery, outcome.Status == ResumeStatus.Resumed, outcome.Replayed, Now));
        switch (outcome.Status)
        {
            case ResumeStatus.Invalid:
                await SendAsync(GatewayFrames.InvalidSession(resumable: false)).ConfigureAwait(false);
                return;
            case ResumeStatus.SeqAhead:
                await CloseAsync(GatewayCloseCodes.InvalidSeq, "Invalid seq.").ConfigureAwait(false);
                return;
        }

        Volatile.Write(ref _session, session);
        _lastShardId = session!.ShardId;
        _context.Gateway.MakeCurrent(session);
        _context.Log.ShardReady.Add(new ShardReadyRecord(Id, session!.ShardId, sessionId, Resumed: true, Now));
    }

    /// <summary>Sends op 9; with <paramref name="resumable"/> false the session can no longer be resumed.</summary>
    public async Task InvalidateSessionAsync(bool resumable)
    {
        if (!resumable && Interlocked.Exchange(ref _session, null) is { } session)
        {
            await session.EndAsync().ConfigureAwait(false);
        }

        await SendAsync(GatewayFrames.InvalidSession(resumable)).ConfigureAwait(false);
    }

    private JsonObject Ready(GatewaySession session, IReadOnlyList<EmulatedGuild> guilds)
    {
        var user = DiscordPayloads.User(_context.BotUser);
        user["verified"] = true;
        user["mfa_enabled"] = false;
        user["flags"] = 0;
        return new JsonObject
        {
            ["v"] = DiscordLimits.ApiVersion,
            ["user"] = user,
            ["guilds"] = new JsonArray([.. guilds.Select(g => (JsonNode)new JsonObject { ["id"] = DiscordPayloads.Id(g.Id), ["unavailable"] = true })]),
            ["session_id"] = session.SessionId,
            ["session_type"] = "normal",
            ["resume_gateway_url"] = _context.ResumeGatewayUrl,
            ["shard"] = new JsonArray(session.ShardId, session.ShardCount),
            ["application"] = new JsonObject { ["id"] = DiscordPayloads.Id(Options.ApplicationId), ["flags"] = ApplicationFlags },
            ["private_channels"] = new JsonArray(),
            ["presences"] = new JsonArray(),
            ["relationships"] = new JsonArray(),
            ["guild_join_requests"] = new JsonArray(),
            ["geo_ordered_rtc_regions"] = new JsonArray("rotterdam", "frankfurt", "london"),
            ["auth"] = new JsonObject(),
            ["user_settings"] = new JsonObject(),
        };
    }

    /// <summary>GATEWAY_PRESENCE_LIMITED | GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE (docs/resources/Application.md, "Application Flags").</summary>
    private const int ApplicationFlags = (1 << 13) | (1 << 15) | (1 << 19) | (1 << 23);

    private static bool TryReadShard(JsonNode? node, out int shardId, out int shardCount)
    {
        shardId = 0;
        shardCount = 1;
        if (node is null)
        {
            return true;
        }

        return node is JsonArray { Count: 2 } array
            && TryGetInt(array[0], out shardId)
            && TryGetInt(array[1], out shardCount)
            && shardCount >= 1
            && shardId >= 0
            && shardId < shardCount;
    }

    private static bool TryGetInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }

    private static bool TryGetLong(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }

    public async ValueTask DisposeAsync()
    {
        _closed.Dispose();
        if (_zlib is not null)
        {
            await _zlib.DisposeAsync().ConfigureAwait(false);
        }

        if (_compressedBuffer is not null)
        {
            await _compressedBuffer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private readonly record struct Outbound(byte[]? Frame, int? CloseCode, string? CloseReason);
}
