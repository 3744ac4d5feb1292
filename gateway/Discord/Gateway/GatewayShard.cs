using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Gateway.Discord.Tokens;
using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>
/// One Discord gateway shard: connects, identifies or resumes, heartbeats, detects zombie
/// connections, follows op 7 / op 9 and the close codes, and hands every dispatch, in order, to
/// the <see cref="IGatewayDispatchHandler"/>. <see cref="RunAsync"/> returns on shutdown or when
/// the shard stopped fatally (<see cref="FatalReason"/> says why).
/// </summary>
public sealed class GatewayShard
{
    /// <summary>After sending a close frame, how long to wait for Discord's echo before dropping the socket.</summary>
    private static readonly TimeSpan CloseEchoTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Bound for a final session save during shutdown.</summary>
    private static readonly TimeSpan ShutdownSaveTimeout = TimeSpan.FromSeconds(5);

    private static readonly IdentifyProperties Properties = new(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "asphalt", "asphalt");

    private readonly ShardSettings _settings;
    private readonly IDiscordTokenSource _tokens;
    private readonly IdentifyQueue _identify;
    private readonly IShardSessionStore _sessions;
    private readonly IGatewayDispatchHandler _handler;
    private readonly GatewayConnectionOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<ClientWebSocket> _socketFactory;
    private readonly Channel<GatewayDispatch> _dispatches = Channel.CreateUnbounded<GatewayDispatch>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EventNameTable _eventNames;

    private volatile Connection? _current;
    private ShardSessionState? _session; // session id + resume URL; the sequence lives in _sequence
    private long _sequence;
    private long _savedSequence = -1;
    private volatile ShardState _state = ShardState.Idle;

    public GatewayShard(ShardSettings settings, IDiscordTokenSource tokens, IdentifyQueue identify, IShardSessionStore sessions,
        IGatewayDispatchHandler handler, GatewayConnectionOptions options, GatewayMetrics metrics, TimeProvider time, ILogger logger,
        Func<ClientWebSocket>? socketFactory = null)
    {
        _settings = settings;
        _tokens = tokens;
        _identify = identify;
        _sessions = sessions;
        _handler = handler;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _socketFactory = socketFactory ?? (() => new ClientWebSocket());
        _eventNames = new EventNameTable(handler.Wants);
        _metrics.ShardState(Id, _state.ToString());
    }

    public int Id => _settings.ShardId;
    public int ShardCount => _settings.ShardCount;
    public ShardState State => _state;
    public string? FatalReason { get; private set; }
    public string? SessionId => _session?.SessionId;
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>Round trip of the last acknowledged heartbeat; null before the first ACK.</summary>
    public TimeSpan? HeartbeatLatency { get; private set; }

    /// <summary>Raised on every READY (a new session), with the bot's user and application.</summary>
    public event Action<GatewayShard, ReadyData>? Ready;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var consumer = ConsumeDispatchesAsync();
        var saver = SavePeriodicallyAsync(stoppingToken);
        try
        {
            await LoadSessionAsync(stoppingToken);
            var attempt = 0;
            var unreachableResumes = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                ConnectionEnd end;
                try
                {
                    end = await RunConnectionAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (DiscordTokenUnavailableException e)
                {
                    end = ConnectionEnd.Fatal("token", e.Message);
                }
                catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
                {
                    end = ConnectionEnd.Lost("connect_failed", e.Message);
                }
                catch (Exception e)
                {
                    // Whatever went wrong, a shard must never die silently: log it and reconnect.
                    _logger.LogError(e, "Shard {ShardId}: unexpected error on the connection; reconnecting", Id);
                    end = ConnectionEnd.Lost("client_error", e.Message);
                }
                if (stoppingToken.IsCancellationRequested || end.Action is EndAction.Stop) break;

                if (end.Action is EndAction.Fatal)
                {
                    FatalReason = end.Reason;
                    SetState(ShardState.Fatal);
                    _logger.LogError("Shard {ShardId} stopped and will not reconnect: {Reason}", Id, end.Reason);
                    return;
                }
                _metrics.Reconnected(end.Label);
                unreachableResumes = end.Label == "connect_failed" && _session is not null ? unreachableResumes + 1 : 0;
                if (end.Action is EndAction.Reidentify || unreachableResumes >= DiscordLimits.MaxUnreachableResumeAttempts)
                {
                    // A resume URL that cannot be reached (e.g. the host went away) is given up for a fresh session.
                    await ForgetSessionAsync(stoppingToken);
                    unreachableResumes = 0;
                }
                if (end.WasReady) attempt = 0;
                var delay = end.Delay ?? Backoff(attempt++);
                SetState(ShardState.Reconnecting);
                _logger.LogWarning("Shard {ShardId} connection ended ({Label}: {Reason}); {Next} in {Delay} ms",
                    Id, end.Label, end.Reason, _session is null ? "identifying" : "resuming", (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_state is not ShardState.Fatal) SetState(ShardState.Stopped);
            await SaveSessionAsync(force: true, CancellationToken.None);
            _dispatches.Writer.TryComplete();
            await consumer;
            await saver;
        }
    }

    /// <summary>Sends an ordinary gateway command (voice state, presence) on the current connection, within the send limit.</summary>
    public async ValueTask SendAsync<T>(int op, T data, JsonTypeInfo<OutboundPayload<T>> typeInfo, CancellationToken cancellationToken)
    {
        var connection = _current;
        if (connection is null || _state is not ShardState.Ready) throw new ShardNotConnectedException(Id);
        await SendAsync(connection, JsonSerializer.SerializeToUtf8Bytes(new OutboundPayload<T>(op, data), typeInfo), priority: false, cancellationToken);
    }

    /// <summary>Op 4: join, move or leave (channelId null) a voice channel.</summary>
    public ValueTask UpdateVoiceStateAsync(VoiceStateUpdateData data, CancellationToken cancellationToken) =>
        SendAsync(GatewayOpcode.VoiceStateUpdate, data, DiscordJsonContext.Default.OutboundPayloadVoiceStateUpdateData, cancellationToken);

    private TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.ReconnectBaseDelay.Ticks * factor, _options.ReconnectMaxDelay.Ticks));
        return delay * (0.8 + 0.4 * Random.Shared.NextDouble()); // ±20 % so shards that fell together do not come back together
    }

    private async Task<ConnectionEnd> RunConnectionAsync(CancellationToken stoppingToken)
    {
        var resuming = _session is not null;
        var url = BuildUrl(_session?.ResumeGatewayUrl ?? _settings.GatewayUrl);
        SetState(ShardState.Connecting);
        using var socket = _socketFactory();
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // Discord's heartbeats are the keep-alive
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(url, connectTimeout.Token);
        }

        using var connection = new Connection(socket, new GatewaySendLimiter(_time, _options.ReservedPrioritySends), _time);
        _current = connection;
        using var stopRegistration = stoppingToken.Register(() =>
            connection.RequestEnd(ConnectionEnd.Stopped, GatewayCloseCodes.ClientRestarting, "gateway shutting down"));
        using var helloTimer = _time.CreateTimer(_ => connection.RequestEnd(ConnectionEnd.Lost("hello_timeout", "no HELLO from Discord"), GatewayCloseCodes.ClientReconnecting, "no hello"),
            null, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return await ReceiveLoopAsync(connection, resuming, helloTimer);
        }
        finally
        {
            _current = null;
            connection.StopBackgroundWork();
        }
    }

    private static Uri BuildUrl(string baseUrl)
    {
        var builder = new UriBuilder(baseUrl) { Query = $"v={DiscordLimits.ApiVersion}&encoding=json&compress=zlib-stream" };
        return builder.Uri;
    }

    private async Task<ConnectionEnd> ReceiveLoopAsync(Connection c, bool resuming, ITimer helloTimer)
    {
        var frame = new ArrayBufferWriter<byte>(8 * 1024);
        var inflated = new ArrayBufferWriter<byte>(16 * 1024);
        using var inflater = new ZlibStreamInflater();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            ValueWebSocketReceiveResult result;
            frame.Clear();
            try
            {
                do
                {
                    result = await c.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close) return EndFromClose(c);
                    frame.Write(buffer.AsSpan(0, result.Count));
                } while (!result.EndOfMessage);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                return c.End ?? ConnectionEnd.Lost("dropped", e.Message, c.WasReady);
            }

            ReadOnlyMemory<byte> json;
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                inflated.Clear();
                try
                {
                    if (!inflater.TryInflate(frame.WrittenSpan, inflated)) continue; // the rest of the message is in the next frame
                }
                catch (InvalidDataException e)
                {
                    _metrics.MalformedFrame("corrupt_stream");
                    c.RequestEnd(ConnectionEnd.Lost("corrupt_stream", e.Message, c.WasReady), GatewayCloseCodes.ClientReconnecting, "corrupt zlib stream");
                    continue;
                }
                json = inflated.WrittenMemory;
            }
            else
            {
                json = frame.WrittenMemory;
            }
            HandleFrame(c, json, resuming, helloTimer);
        }
    }

    private ConnectionEnd EndFromClose(Connection c)
    {
        if (c.End is { } requested) return requested;
        var code = (int?)c.Socket.CloseStatus;
        var description = c.Socket.CloseStatusDescription;
        var label = code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        return GatewayCloseCodes.Classify(code) switch
        {
            CloseAction.Fatal => ConnectionEnd.Fatal(label, GatewayCloseCodes.Explain(code!.Value)),
            CloseAction.Reidentify => new ConnectionEnd(EndAction.Reidentify, label, $"Discord closed with {code} {description}: the session cannot be resumed", null, c.WasReady),
            _ => new ConnectionEnd(EndAction.Resume, label, $"Discord closed with {label} {description}", null, c.WasReady),
        };
    }

    private void HandleFrame(Connection c, ReadOnlyMemory<byte> json, bool resuming, ITimer helloTimer)
    {
        var payload = json.Span;
        if (!GatewayEnvelope.TryRead(payload, out var envelope, out var malformed))
        {
            Malformed(malformed!);
            return;
        }
        try
        {
            switch (envelope.Op)
            {
                case GatewayOpcode.Dispatch:
                    HandleDispatch(c, payload, envelope);
                    break;
                case GatewayOpcode.Heartbeat:
                    _ = SendHeartbeatAsync(c); // Discord asked: answer at once, outside the receive loop
                    break;
                case GatewayOpcode.HeartbeatAck:
                    var latency = c.Acknowledge();
                    if (latency is { } l)
                    {
                        HeartbeatLatency = l;
                        _metrics.HeartbeatLatency(Id, l);
                    }
                    break;
                case GatewayOpcode.Hello:
                    var hello = Deserialize(payload, envelope, DiscordJsonContext.Default.HelloData) ?? throw new JsonException("HELLO without d");
                    helloTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    var interval = TimeSpan.FromMilliseconds(hello.HeartbeatInterval);
                    if (interval <= TimeSpan.Zero) throw new JsonException("HELLO with a heartbeat_interval that is not positive");
                    c.StartBackground(GuardAsync(c, () => HeartbeatLoopAsync(c, interval)));
                    c.StartBackground(GuardAsync(c, () => resuming ? ResumeAsync(c) : IdentifyAsync(c)));
                    break;
                case GatewayOpcode.Reconnect:
                    _logger.LogInformation("Shard {ShardId}: Discord asked for a reconnect (op 7); resuming", Id);
                    c.RequestEnd(new ConnectionEnd(EndAction.Resume, "op7", "Discord asked for a reconnect", TimeSpan.Zero, c.WasReady), GatewayCloseCodes.ClientReconnecting, "reconnect requested");
                    break;
                case GatewayOpcode.InvalidSession:
                    var resumable = envelope.DataIsTrue(payload);
                    c.RequestEnd(resumable
                            ? new ConnectionEnd(EndAction.Resume, "op9_resumable", "invalid session (resumable)", TimeSpan.Zero, c.WasReady)
                            : new ConnectionEnd(EndAction.Reidentify, "op9", "invalid session", InvalidSessionDelay(), c.WasReady),
                        resumable ? GatewayCloseCodes.ClientReconnecting : GatewayCloseCodes.ClientNewSession, "invalid session");
                    break;
                default:
                    Malformed("unknown_op");
                    break;
            }
        }
        catch (JsonException)
        {
            Malformed("missing_field");
        }
    }

    /// <summary><c>d</c> as <typeparamref name="T"/>; null when <c>d</c> is absent or null.</summary>
    private static T? Deserialize<T>(ReadOnlySpan<byte> payload, GatewayEnvelope envelope, JsonTypeInfo<T> type) where T : class =>
        envelope.HasData ? JsonSerializer.Deserialize(envelope.Data(payload), type) : null;

    private static TimeSpan InvalidSessionDelay() =>
        DiscordLimits.InvalidSessionMinDelay + (DiscordLimits.InvalidSessionMaxDelay - DiscordLimits.InvalidSessionMinDelay) * Random.Shared.NextDouble();

    private void HandleDispatch(Connection c, ReadOnlySpan<byte> payload, GatewayEnvelope envelope)
    {
        if (envelope.EventNameLength < 0 || envelope.Sequence is not { } sequence)
        {
            Malformed("missing_field");
            return;
        }
        var (type, wanted) = _eventNames.Get(envelope.EventName(payload), envelope.EventNameEscaped);
        if (type == "READY")
        {
            var ready = Deserialize(payload, envelope, DiscordJsonContext.Default.ReadyData) ?? throw new JsonException("READY without d");
            Interlocked.Exchange(ref _sequence, sequence);
            _session = new ShardSessionState(ready.SessionId, sequence, ready.ResumeGatewayUrl, ShardCount, _time.GetUtcNow());
            c.WasReady = true;
            SetState(ShardState.Ready);
            _logger.LogInformation("Shard {ShardId}/{ShardCount} ready as {User} (session started)", Id, ShardCount, ready.User.Id);
            _ = SaveSessionAsync(force: true, CancellationToken.None);
            Ready?.Invoke(this, ready);
        }
        else
        {
            if (sequence > Interlocked.Read(ref _sequence)) Interlocked.Exchange(ref _sequence, sequence);
            if (type == "RESUMED")
            {
                c.WasReady = true;
                SetState(ShardState.Ready);
                _logger.LogInformation("Shard {ShardId}/{ShardCount} resumed at sequence {Sequence}", Id, ShardCount, sequence);
            }
        }
        _metrics.EventReceived(type);
        if (!wanted)
        {
            // Nobody handles it: its sequence counts (above), but its payload is neither parsed nor queued.
            _metrics.EventIgnored(type);
            return;
        }
        var data = envelope.HasData ? ParseValue(envelope.Data(payload)) : default;
        _dispatches.Writer.TryWrite(new GatewayDispatch(Id, type, sequence, data, _time.GetTimestamp()));
    }

    /// <summary>A JsonElement that owns a copy of <paramref name="json"/> (the receive buffer is reused for the next frame).</summary>
    private static JsonElement ParseValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return JsonElement.ParseValue(ref reader);
    }

    private void Malformed(string reason)
    {
        _metrics.MalformedFrame(reason);
        _logger.LogWarning("Shard {ShardId}: skipped a malformed gateway frame ({Reason})", Id, reason);
    }

    /// <summary>Runs connection work off the receive loop; what it cannot handle ends the connection instead of vanishing.</summary>
    private async Task GuardAsync(Connection c, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (c.Lifetime.IsCancellationRequested)
        {
        }
        catch (DiscordTokenUnavailableException e)
        {
            c.RequestEnd(ConnectionEnd.Fatal("token", e.Message), GatewayCloseCodes.ClientRestarting, "no token");
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            // the receive loop notices the broken connection
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Shard {ShardId}: connection work failed; reconnecting", Id);
            c.RequestEnd(ConnectionEnd.Lost("client_error", e.Message, c.WasReady), GatewayCloseCodes.ClientReconnecting, "client error");
        }
    }

    private async Task HeartbeatLoopAsync(Connection c, TimeSpan interval)
    {
        await Task.Delay(HeartbeatTiming.FirstDelay(interval, Random.Shared.NextDouble()), _time, c.Lifetime);
        while (!c.Lifetime.IsCancellationRequested)
        {
            if (!c.AwaitingAckIsAcknowledged)
            {
                _logger.LogWarning("Shard {ShardId}: no HEARTBEAT_ACK since the last heartbeat — zombie connection; reconnecting to resume", Id);
                c.RequestEnd(new ConnectionEnd(EndAction.Resume, "zombie", "no heartbeat ACK", TimeSpan.Zero, c.WasReady), GatewayCloseCodes.ClientZombie, "zombie connection");
                return;
            }
            await SendHeartbeatAsync(c);
            await Task.Delay(interval, _time, c.Lifetime);
        }
    }

    private async Task SendHeartbeatAsync(Connection c)
    {
        var seq = Interlocked.Read(ref _sequence);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new OutboundPayload<long?>(GatewayOpcode.Heartbeat, _session is null && seq == 0 ? null : seq),
            DiscordJsonContext.Default.OutboundPayloadNullableInt64);
        try
        {
            c.HeartbeatSending();
            await SendAsync(c, payload, priority: true, c.Lifetime);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the receive loop notices the broken connection
        }
    }

    private async Task IdentifyAsync(Connection c)
    {
        SetState(ShardState.Identifying);
        try
        {
            await _identify.WaitTurnAsync(Id, c.Lifetime);
        }
        catch (IdentifyBudgetExhaustedException e)
        {
            c.RequestEnd(ConnectionEnd.Fatal("identify_budget", e.Message), GatewayCloseCodes.ClientRestarting, "identify budget exhausted");
            return;
        }
        var token = await _tokens.GetTokenAsync(c.Lifetime);
        Interlocked.Exchange(ref _sequence, 0);
        var identify = new IdentifyData(token, (int)_settings.Intents, [Id, ShardCount], Properties, _settings.LargeThreshold);
        await SendAsync(c, JsonSerializer.SerializeToUtf8Bytes(new OutboundPayload<IdentifyData>(GatewayOpcode.Identify, identify),
            DiscordJsonContext.Default.OutboundPayloadIdentifyData), priority: true, c.Lifetime);
        _metrics.Identified(Id);
        _logger.LogInformation("Shard {ShardId}/{ShardCount} identified (intents {Intents})", Id, ShardCount, _settings.Intents);
    }

    private async Task ResumeAsync(Connection c)
    {
        SetState(ShardState.Resuming);
        var session = _session!;
        var token = await _tokens.GetTokenAsync(c.Lifetime);
        var resume = new ResumeData(token, session.SessionId, Interlocked.Read(ref _sequence));
        await SendAsync(c, JsonSerializer.SerializeToUtf8Bytes(new OutboundPayload<ResumeData>(GatewayOpcode.Resume, resume),
            DiscordJsonContext.Default.OutboundPayloadResumeData), priority: true, c.Lifetime);
        _metrics.Resumed(Id);
        _logger.LogInformation("Shard {ShardId}/{ShardCount} resuming session at sequence {Sequence}", Id, ShardCount, resume.Seq);
    }

    private static async Task SendAsync(Connection c, byte[] payload, bool priority, CancellationToken cancellationToken)
    {
        if (payload.Length > DiscordLimits.GatewayMaxPayloadBytes) throw new GatewayPayloadTooLargeException(payload.Length);
        await c.Limiter.AcquireAsync(priority, cancellationToken);
        await c.SendLock.WaitAsync(cancellationToken);
        try
        {
            await c.Socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            c.SendLock.Release();
        }
    }

    private async Task ConsumeDispatchesAsync()
    {
        await foreach (var dispatch in _dispatches.Reader.ReadAllAsync())
        {
            try
            {
                await _handler.HandleAsync(dispatch, CancellationToken.None);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Shard {ShardId}: handling {Event} failed", Id, dispatch.Type);
            }
        }
    }

    private async Task LoadSessionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var saved = await _sessions.LoadAsync(Id, cancellationToken);
            if (saved is null) return;
            if (_time.GetUtcNow() - saved.SavedAt > DiscordLimits.SavedSessionMaxAge)
            {
                _logger.LogInformation("Shard {ShardId}: saved session is from {SavedAt:O}, too old to resume; identifying afresh", Id, saved.SavedAt);
                return;
            }
            if (saved.ShardCount != ShardCount)
            {
                _logger.LogInformation("Shard {ShardId}: saved session was for {Old} shards, now {New}; identifying afresh", Id, saved.ShardCount, ShardCount);
                return;
            }
            _session = saved;
            _sequence = saved.Sequence;
            _savedSequence = saved.Sequence;
            _logger.LogInformation("Shard {ShardId}: found a saved session at sequence {Sequence}; will resume", Id, saved.Sequence);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "Shard {ShardId}: could not load the saved session; identifying afresh", Id);
        }
    }

    private async Task SavePeriodicallyAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.SessionSaveInterval, _time, stoppingToken);
                await SaveSessionAsync(force: false, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SaveSessionAsync(bool force, CancellationToken cancellationToken)
    {
        var session = _session;
        var sequence = Interlocked.Read(ref _sequence);
        if (session is null || (!force && sequence == Interlocked.Read(ref _savedSequence))) return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ShutdownSaveTimeout);
            await _sessions.SaveAsync(Id, session with { Sequence = sequence, SavedAt = _time.GetUtcNow() }, timeout.Token);
            Interlocked.Exchange(ref _savedSequence, sequence);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Shard {ShardId}: could not save the session; a restart would identify instead of resuming", Id);
        }
    }

    private async Task ForgetSessionAsync(CancellationToken cancellationToken)
    {
        _session = null;
        Interlocked.Exchange(ref _sequence, 0);
        Interlocked.Exchange(ref _savedSequence, -1);
        try
        {
            await _sessions.ClearAsync(Id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "Shard {ShardId}: could not clear the saved session", Id);
        }
    }

    private void SetState(ShardState state)
    {
        _state = state;
        _metrics.ShardState(Id, state.ToString());
    }

    private enum EndAction { Resume, Reidentify, Fatal, Stop }

    private sealed record ConnectionEnd(EndAction Action, string Label, string Reason, TimeSpan? Delay, bool WasReady)
    {
        public static readonly ConnectionEnd Stopped = new(EndAction.Stop, "shutdown", "gateway shutting down", null, false);
        public static ConnectionEnd Fatal(string label, string reason) => new(EndAction.Fatal, label, reason, null, false);
        public static ConnectionEnd Lost(string label, string reason, bool wasReady = false) => new(EndAction.Resume, label, reason, null, wasReady);
    }

    /// <summary>The state of one WebSocket connection; a reconnect makes a new one.</summary>
    private sealed class Connection(ClientWebSocket socket, GatewaySendLimiter limiter, TimeProvider time) : IDisposable
    {
        private readonly CancellationTokenSource _lifetime = new();
        private readonly List<Task> _background = [];
        private ConnectionEnd? _end;
        private long _heartbeatSentAt;
        private bool _acknowledged = true; // nothing is awaited before the first heartbeat

        public ClientWebSocket Socket { get; } = socket;
        public GatewaySendLimiter Limiter { get; } = limiter;
        public SemaphoreSlim SendLock { get; } = new(1, 1);
        public CancellationToken Lifetime => _lifetime.Token;
        public ConnectionEnd? End => Volatile.Read(ref _end);
        public bool WasReady { get; set; }

        public bool AwaitingAckIsAcknowledged => Volatile.Read(ref _acknowledged);

        public void HeartbeatSending()
        {
            Volatile.Write(ref _acknowledged, false);
            Interlocked.Exchange(ref _heartbeatSentAt, time.GetTimestamp());
        }

        public TimeSpan? Acknowledge()
        {
            Volatile.Write(ref _acknowledged, true);
            var sentAt = Interlocked.Read(ref _heartbeatSentAt);
            return sentAt == 0 ? null : time.GetElapsedTime(sentAt);
        }

        public void StartBackground(Task task)
        {
            lock (_background) _background.Add(task);
        }

        /// <summary>Ends the connection: the first reason wins; sends a close frame with <paramref name="code"/>, then drops the socket if Discord does not answer.</summary>
        public void RequestEnd(ConnectionEnd end, int code, string reason)
        {
            if (Interlocked.CompareExchange(ref _end, end, null) is not null) return;
            _ = CloseAsync(code, reason);
        }

        private async Task CloseAsync(int code, string reason)
        {
            try
            {
                _lifetime.Cancel(); // stops heartbeats and pending identify; sends below use their own token
                using var timeout = new CancellationTokenSource(CloseEchoTimeout);
                await SendLock.WaitAsync(timeout.Token);
                try
                {
                    if (Socket.State == WebSocketState.Open)
                        await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
                }
                finally
                {
                    SendLock.Release();
                }
                await Task.Delay(CloseEchoTimeout, time);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                Socket.Abort(); // no-op once the close handshake completed
            }
        }

        public void StopBackgroundWork()
        {
            try { _lifetime.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            StopBackgroundWork();
            _lifetime.Dispose();
        }
    }
}
