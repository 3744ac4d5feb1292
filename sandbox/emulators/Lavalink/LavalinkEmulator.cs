using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Asphalt.Emulators.Lavalink;

/// <summary>
/// A fake Lavalink v4 node on loopback: the REST API (loadtracks, decodetrack(s), players, sessions,
/// info, stats) and the WebSocket (ready, playerUpdate, stats, events) with the real shapes, a
/// catalogue of fake tracks whose players advance in real time, session resuming, and switches for
/// tests: load, voice ping per region, and <see cref="KillAsync"/> / <see cref="ReviveAsync"/>.
/// </summary>
public sealed class LavalinkEmulator : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);
    private const string SessionAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly object _gate = new();
    private readonly Dictionary<string, EmulatedSession> _sessions = [];
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly DateTimeOffset _startedAt;
    private WebApplication? _app;
    private CancellationTokenSource _ticking = new();
    private Task _ticker = Task.CompletedTask;
    private NodeLoad _load;
    private readonly Dictionary<string, int> _voicePing;
    private readonly List<EmittedEvent> _events = [];

    private LavalinkEmulator(LavalinkEmulatorOptions options)
    {
        Options = options;
        _load = options.Load;
        _voicePing = new Dictionary<string, int>(options.VoicePing, StringComparer.OrdinalIgnoreCase);
        _startedAt = _time.GetUtcNow();
    }

    public LavalinkEmulatorOptions Options { get; }

    /// <summary>The port it listens on (kept across <see cref="KillAsync"/> / <see cref="ReviveAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public bool IsAlive => _app is not null;

    /// <summary>Number of WebSocket connections accepted so far (new sessions and resumes).</summary>
    public int ConnectionCount { get; private set; }

    public static async Task<LavalinkEmulator> StartAsync(LavalinkEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LavalinkEmulatorOptions();
        options.Validate();
        var emulator = new LavalinkEmulator(options) { Port = options.Port };
        await emulator.ListenAsync(cancellationToken).ConfigureAwait(false);
        return emulator;
    }

    // ───────────── control API (tests) ─────────────

    public void SetLoad(NodeLoad load)
    {
        lock (_gate) _load = load;
    }

    public void SetVoicePing(string region, int pingMs)
    {
        lock (_gate) _voicePing[region] = pingMs;
    }

    public IReadOnlyList<string> SessionIds
    {
        get { lock (_gate) return _sessions.Keys.ToList(); }
    }

    public IReadOnlyList<EmulatedPlayerSnapshot> Players
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                return _sessions.Values.SelectMany(s => s.Players.Values.Select(p => new EmulatedPlayerSnapshot(s.Id, p.GuildId, p.Track, p.Position(now), p.Paused, p.Volume,
                    p.Filters.DeepClone().AsObject(), p.Voice?["endpoint"]?.GetValue<string>(), p.Voice?["channelId"]?.GetValue<string>(), p.Connected,
                    p.Voice?["sessionId"]?.GetValue<string>(), p.Voice?["token"]?.GetValue<string>()))).ToList();
            }
        }
    }

    public EmulatedPlayerSnapshot? Player(long guildId) => Players.FirstOrDefault(p => p.GuildId == guildId);

    /// <summary>Every player event this node emitted, oldest first.</summary>
    public IReadOnlyList<EmittedEvent> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    public IReadOnlyList<EmittedEvent> EventsFor(long guildId) => Events.Where(e => e.GuildId == guildId).ToList();

    /// <summary>Sends stats to every connected session now.</summary>
    public Task SendStatsNowAsync() => BroadcastStatsAsync();

    /// <summary>Drops every WebSocket without a close frame (a network cut); sessions stay resumable.</summary>
    public void DropConnections()
    {
        List<WebSocket> sockets;
        lock (_gate) sockets = _sessions.Values.Select(s => s.Socket).OfType<WebSocket>().ToList();
        foreach (var socket in sockets) socket.Abort();
    }

    /// <summary>The node dies: sockets are cut, its players and sessions are lost, and connections are refused until <see cref="ReviveAsync"/>.</summary>
    public async Task KillAsync()
    {
        DropConnections();
        await StopListeningAsync().ConfigureAwait(false);
        lock (_gate) _sessions.Clear();
    }

    /// <summary>The node starts again on the same port, empty (like a restarted Lavalink).</summary>
    public Task ReviveAsync(CancellationToken cancellationToken = default) =>
        IsAlive ? Task.CompletedTask : ListenAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        DropConnections();
        await StopListeningAsync().ConfigureAwait(false);
        _ticking.Dispose();
    }

    // ───────────── hosting ─────────────

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LavalinkEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        Port = new Uri(address).Port;
        _app = app;
        _ticking = new CancellationTokenSource();
        _ticker = Task.Run(() => TickAsync(_ticking.Token), CancellationToken.None);
    }

    private async Task StopListeningAsync()
    {
        if (_app is not { } app) return;
        _app = null;
        await _ticking.CancelAsync().ConfigureAwait(false);
        try { await _ticker.ConfigureAwait(false); } catch (OperationCanceledException) { }
        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        try { await app.StopAsync(timeout.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.ToString() != Options.Password)
            {
                // Lavalink: 401 on the WebSocket handshake, 403 on REST.
                var ws = context.Request.Path.StartsWithSegments("/v4/websocket");
                await WriteErrorAsync(context, ws ? 401 : 403, ws ? "Unauthorized" : "Forbidden", "Authorization failed");
                return;
            }
            await next(context);
        });
        app.Map("/v4/websocket", WebSocketAsync);
        app.MapGet("/v4/loadtracks", LoadTracksAsync);
        app.MapGet("/v4/decodetrack", DecodeTrackAsync);
        app.MapPost("/v4/decodetracks", DecodeTracksAsync);
        app.MapGet("/v4/sessions/{sessionId}/players", GetPlayersAsync);
        app.MapGet("/v4/sessions/{sessionId}/players/{guildId}", GetPlayerAsync);
        app.MapMethods("/v4/sessions/{sessionId}/players/{guildId}", ["PATCH"], UpdatePlayerAsync);
        app.MapDelete("/v4/sessions/{sessionId}/players/{guildId}", DestroyPlayerAsync);
        app.MapMethods("/v4/sessions/{sessionId}", ["PATCH"], UpdateSessionAsync);
        app.MapGet("/v4/info", InfoAsync);
        app.MapGet("/v4/stats", context => WriteJsonAsync(context, 200, Stats(forRest: true)));
        app.MapGet("/version", context => context.Response.WriteAsync(Options.Version));
    }

    // ───────────── WebSocket ─────────────

    private async Task WebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await WriteErrorAsync(context, 400, "Bad Request", "WebSocket upgrade required");
            return;
        }
        if (!long.TryParse(context.Request.Headers["User-Id"], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            await WriteErrorAsync(context, 400, "Bad Request", "Missing or invalid User-Id header");
            return;
        }
        if (string.IsNullOrWhiteSpace(context.Request.Headers["Client-Name"]))
        {
            await WriteErrorAsync(context, 400, "Bad Request", "Missing Client-Name header");
            return;
        }

        var requested = context.Request.Headers["Session-Id"].ToString();
        var socket = await context.WebSockets.AcceptWebSocketAsync();
        EmulatedSession session;
        bool resumed;
        lock (_gate)
        {
            ConnectionCount++;
            if (requested.Length > 0 && _sessions.TryGetValue(requested, out var existing) && existing.Resuming && existing.Socket is null)
            {
                session = existing;
                resumed = true;
            }
            else
            {
                session = new EmulatedSession(NewSessionId());
                _sessions[session.Id] = session;
                resumed = false;
            }
            session.Socket = socket;
            session.DisconnectedAt = null;
        }

        await session.SendAsync(new JsonObject { ["op"] = "ready", ["resumed"] = resumed, ["sessionId"] = session.Id });
        if (resumed) await session.FlushAsync();
        await session.SendAsync(StatsMessage());

        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                // The v4 socket is server → client only: whatever a client sends is ignored.
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            lock (_gate)
            {
                if (session.Socket == socket)
                {
                    session.Socket = null;
                    if (session.Resuming) session.DisconnectedAt = _time.GetUtcNow();
                    else _sessions.Remove(session.Id); // not resumable: its players are destroyed with it
                }
            }
        }
    }

    private static string NewSessionId() =>
        string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = SessionAlphabet[Random.Shared.Next(SessionAlphabet.Length)];
        });

    // ───────────── REST: tracks ─────────────

    private Task LoadTracksAsync(HttpContext context)
    {
        var identifier = context.Request.Query["identifier"].ToString();
        if (identifier.Length == 0) return WriteErrorAsync(context, 400, "Bad Request", "Required parameter 'identifier' is not present");
        return WriteJsonAsync(context, 200, Load(identifier));
    }

    private JsonObject Load(string identifier)
    {
        var colon = identifier.IndexOf(':');
        if (colon > 0 && identifier[..colon] is "ytsearch" or "ytmsearch" or "scsearch")
        {
            var words = identifier[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var found = Options.Tracks.Where(t => !t.FailsOnPlay || words.Length > 0)
                .Where(t => words.All(w => t.Title.Contains(w, StringComparison.OrdinalIgnoreCase) || t.Author.Contains(w, StringComparison.OrdinalIgnoreCase)))
                .Select(t => (JsonNode)FakeCatalogue.ToJson(t)).ToArray();
            return found.Length == 0 ? Empty() : new JsonObject { ["loadType"] = "search", ["data"] = new JsonArray(found) };
        }

        if (Uri.TryCreate(identifier, UriKind.Absolute, out var uri) && uri.Host == FakeCatalogue.BrokenHost)
        {
            return new JsonObject
            {
                ["loadType"] = "error",
                ["data"] = new JsonObject { ["message"] = "This video is unavailable", ["severity"] = "common", ["cause"] = "com.sedmelluq.discord.lavaplayer.tools.FriendlyException: This video is unavailable" },
            };
        }

        if (Options.Playlists.FirstOrDefault(p => p.Uri == identifier) is { } playlist)
        {
            var tracks = playlist.TrackIdentifiers.Select(id => Options.Tracks.First(t => t.Identifier == id)).Select(t => (JsonNode)FakeCatalogue.ToJson(t)).ToArray();
            return new JsonObject
            {
                ["loadType"] = "playlist",
                ["data"] = new JsonObject
                {
                    ["info"] = new JsonObject { ["name"] = playlist.Name, ["selectedTrack"] = playlist.SelectedTrack },
                    ["pluginInfo"] = new JsonObject(),
                    ["tracks"] = new JsonArray(tracks),
                },
            };
        }

        var track = Options.Tracks.FirstOrDefault(t => t.EffectiveUri == identifier || t.Identifier == identifier);
        return track is null ? Empty() : new JsonObject { ["loadType"] = "track", ["data"] = FakeCatalogue.ToJson(track) };

        static JsonObject Empty() => new() { ["loadType"] = "empty", ["data"] = new JsonObject() };
    }

    private Task DecodeTrackAsync(HttpContext context)
    {
        var track = FakeCatalogue.Decode(context.Request.Query["encodedTrack"]);
        return track is null
            ? WriteErrorAsync(context, 400, "Bad Request", "Invalid encoded track")
            : WriteJsonAsync(context, 200, FakeCatalogue.ToJson(track));
    }

    private async Task DecodeTracksAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context);
        if (body is not JsonArray array)
        {
            await WriteErrorAsync(context, 400, "Bad Request", "The body must be an array of encoded tracks");
            return;
        }
        var tracks = new JsonArray();
        foreach (var item in array)
        {
            var track = FakeCatalogue.Decode(item?.GetValue<string>());
            if (track is null)
            {
                await WriteErrorAsync(context, 400, "Bad Request", "Invalid encoded track");
                return;
            }
            tracks.Add(FakeCatalogue.ToJson(track));
        }
        await WriteJsonAsync(context, 200, tracks);
    }

    // ───────────── REST: players and sessions ─────────────

    private Task GetPlayersAsync(HttpContext context, string sessionId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session)) return SessionNotFound(context);
            return WriteJsonAsync(context, 200, new JsonArray(session.Players.Values.Select(p => (JsonNode)PlayerJson(p, now)).ToArray()));
        }
    }

    private Task GetPlayerAsync(HttpContext context, string sessionId, string guildId)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session)) return SessionNotFound(context);
            if (!long.TryParse(guildId, out var id) || !session.Players.TryGetValue(id, out var player))
                return WriteErrorAsync(context, 404, "Not Found", "Player not found");
            return WriteJsonAsync(context, 200, PlayerJson(player, now));
        }
    }

    private async Task UpdatePlayerAsync(HttpContext context, string sessionId, string guildId)
    {
        if (!long.TryParse(guildId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await WriteErrorAsync(context, 400, "Bad Request", "Invalid guild id");
            return;
        }
        if (await ReadBodyAsync(context) is not JsonObject body)
        {
            await WriteErrorAsync(context, 400, "Bad Request", "The body must be a JSON object");
            return;
        }
        var noReplace = context.Request.Query["noReplace"] == "true";
        var messages = new List<JsonObject>();
        EmulatedSession? session;
        JsonObject response;
        string? error;
        lock (_gate)
        {
            _sessions.TryGetValue(sessionId, out session);
            error = session is null ? "Session not found" : Validate(body);
            if (session is null || error is not null)
            {
                response = new JsonObject();
            }
            else
            {
                var now = _time.GetUtcNow();
                if (!session.Players.TryGetValue(id, out var player)) session.Players[id] = player = new EmulatedPlayer(id) { BaseTime = now };
                Apply(player, body, noReplace, now, messages);
                response = PlayerJson(player, now);
            }
        }
        if (session is null)
        {
            await SessionNotFound(context);
            return;
        }
        if (error is not null)
        {
            await WriteErrorAsync(context, 400, "Bad Request", error);
            return;
        }
        foreach (var message in messages) await session.SendAsync(message);
        await WriteJsonAsync(context, 200, response);
    }

    private static string? Validate(JsonObject body)
    {
        if (body["voice"] is JsonObject voice)
        {
            foreach (var field in new[] { "token", "endpoint", "sessionId", "channelId" })
                if (voice[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length == 0)
                    return $"Partial Lavalink voice state: voice.{field} is required";
        }
        if (body["volume"] is JsonValue volume && (volume.GetValue<int>() is < 0 or > 1000)) return "Volume must be between 0 and 1000";
        if (body["position"] is JsonValue position && position.GetValue<long>() < 0) return "Position must not be negative";
        var encoded = body["track"] is JsonObject track ? track["encoded"] : body["encodedTrack"];
        if (encoded is JsonValue value && value.GetValueKind() == JsonValueKind.String && FakeCatalogue.Decode(value.GetValue<string>()) is null)
            return "Invalid encoded track";
        return null;
    }

    private void Apply(EmulatedPlayer player, JsonObject body, bool noReplace, DateTimeOffset now, List<JsonObject> messages)
    {
        player.Rebase(now);
        if (body["voice"] is JsonObject voice)
        {
            player.Voice = voice.DeepClone().AsObject();
            player.VoiceRegion = RegionOf(voice["endpoint"]!.GetValue<string>());
        }
        if (body["volume"] is JsonValue volume) player.Volume = volume.GetValue<int>();
        if (body["paused"] is JsonValue paused) player.Paused = paused.GetValue<bool>();
        if (body["filters"] is JsonObject filters) player.Filters = filters.DeepClone().AsObject();
        if (body.ContainsKey("endTime")) player.EndTime = body["endTime"]?.GetValue<long>();

        var hasTrackField = body["track"] is JsonObject t ? t.ContainsKey("encoded") : body.ContainsKey("encodedTrack");
        if (hasTrackField)
        {
            var encoded = body["track"] is JsonObject tr ? tr["encoded"] : body["encodedTrack"];
            var next = encoded is null ? null : FakeCatalogue.Decode(encoded.GetValue<string>());
            if (next is null)
            {
                if (player.Track is { } stopped) messages.Add(TrackEnd(player.GuildId, stopped, "stopped"));
                player.Track = null;
            }
            else if (!(noReplace && player.Track is not null))
            {
                if (player.Track is { } replaced) messages.Add(TrackEnd(player.GuildId, replaced, "replaced"));
                StartTrack(player, next, now, messages);
            }
        }
        if (body["position"] is JsonValue position && player.Track is not null)
        {
            player.BasePosition = position.GetValue<long>();
            player.BaseTime = now;
        }
    }

    private void StartTrack(EmulatedPlayer player, FakeTrack track, DateTimeOffset now, List<JsonObject> messages)
    {
        if (track.FailsOnPlay)
        {
            player.Track = null;
            messages.Add(Event(player.GuildId, "TrackExceptionEvent", track, new JsonObject
            {
                ["exception"] = new JsonObject { ["message"] = "Something broke when playing the track.", ["severity"] = "fault", ["cause"] = "java.lang.IllegalStateException: emulated failure" },
            }));
            messages.Add(TrackEnd(player.GuildId, track, "loadFailed"));
            return;
        }
        player.Track = track;
        player.BasePosition = 0;
        player.BaseTime = now;
        messages.Add(Event(player.GuildId, "TrackStartEvent", track));
    }

    private async Task DestroyPlayerAsync(HttpContext context, string sessionId, string guildId)
    {
        EmulatedSession? session;
        JsonObject? ended = null;
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out session)) return;
            if (long.TryParse(guildId, out var id) && session.Players.Remove(id, out var player) && player.Track is { } track)
                ended = TrackEnd(id, track, "cleanup");
        }
        if (session is null)
        {
            await SessionNotFound(context);
            return;
        }
        if (ended is not null) await session.SendAsync(ended);
        context.Response.StatusCode = 204;
    }

    private async Task UpdateSessionAsync(HttpContext context, string sessionId)
    {
        var body = await ReadBodyAsync(context) as JsonObject;
        JsonObject response;
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                response = null!;
            }
            else
            {
                if (body?["resuming"] is JsonValue resuming) session.Resuming = resuming.GetValue<bool>();
                if (body?["timeout"] is JsonValue timeout) session.TimeoutSeconds = timeout.GetValue<int>();
                response = new JsonObject { ["resuming"] = session.Resuming, ["timeout"] = session.TimeoutSeconds };
            }
        }
        if (response is null) await SessionNotFound(context);
        else await WriteJsonAsync(context, 200, response);
    }

    private Task InfoAsync(HttpContext context)
    {
        var parts = Options.Version.Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).Concat([0, 0, 0]).ToArray();
        return WriteJsonAsync(context, 200, new JsonObject
        {
            ["version"] = new JsonObject { ["semver"] = Options.Version, ["major"] = parts[0], ["minor"] = parts[1], ["patch"] = parts[2], ["preRelease"] = null, ["build"] = null },
            ["buildTime"] = _startedAt.ToUnixTimeMilliseconds(),
            ["git"] = new JsonObject { ["branch"] = "emulator", ["commit"] = "0000000", ["commitTime"] = _startedAt.ToUnixTimeMilliseconds() },
            ["jvm"] = "emulated",
            ["lavaplayer"] = "emulated",
            ["sourceManagers"] = new JsonArray("youtube", "http"),
            ["filters"] = new JsonArray("volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion", "rotation", "channelMix", "lowPass"),
            ["plugins"] = new JsonArray(),
        });
    }

    // ───────────── time: playerUpdate, track ends, stats, expired sessions ─────────────

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMilliseconds(Math.Clamp(Options.PlayerUpdateInterval.TotalMilliseconds / 2, 20, 250));
        var nextStats = _time.GetUtcNow() + Options.StatsInterval;
        using var timer = new PeriodicTimer(step);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetUtcNow();
            var outgoing = new List<(EmulatedSession Session, JsonObject Message)>();
            lock (_gate)
            {
                foreach (var session in _sessions.Values.ToList())
                {
                    if (session.Socket is null && session.DisconnectedAt is { } at && now - at >= TimeSpan.FromSeconds(session.TimeoutSeconds))
                    {
                        _sessions.Remove(session.Id); // the resume window passed: players are destroyed
                        continue;
                    }
                    foreach (var player in session.Players.Values)
                    {
                        if (player.Track is not { } track || track.IsStream) continue;
                        var end = player.EndTime is { } e && e > 0 ? Math.Min(e, track.LengthMs) : track.LengthMs;
                        if (player.Position(now) < end) continue;
                        player.Track = null;
                        player.BasePosition = 0;
                        player.BaseTime = now;
                        outgoing.Add((session, TrackEnd(player.GuildId, track, "finished")));
                    }
                    if (now - session.LastPlayerUpdate >= Options.PlayerUpdateInterval)
                    {
                        session.LastPlayerUpdate = now;
                        foreach (var player in session.Players.Values)
                            outgoing.Add((session, new JsonObject { ["op"] = "playerUpdate", ["guildId"] = Id(player.GuildId), ["state"] = StateJson(player, now) }));
                    }
                }
            }
            foreach (var (session, message) in outgoing) await session.SendAsync(message).ConfigureAwait(false);
            if (now >= nextStats)
            {
                nextStats = now + Options.StatsInterval;
                await BroadcastStatsAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task BroadcastStatsAsync()
    {
        List<EmulatedSession> sessions;
        lock (_gate) sessions = _sessions.Values.Where(s => s.Socket is not null).ToList();
        var stats = StatsMessage();
        foreach (var session in sessions) await session.SendAsync(stats.DeepClone().AsObject()).ConfigureAwait(false);
    }

    private JsonObject StatsMessage()
    {
        var stats = Stats(forRest: false);
        stats["op"] = "stats";
        return stats;
    }

    private JsonObject Stats(bool forRest)
    {
        lock (_gate)
        {
            var players = _sessions.Values.Sum(s => s.Players.Count);
            var playing = _sessions.Values.Sum(s => s.Players.Values.Count(p => p.Track is not null && !p.Paused));
            var load = _load;
            var reportedPlaying = load.PlayingPlayers ?? playing;
            JsonNode? frames = null;
            if (!forRest && (load.Frames is not null || reportedPlaying > 0))
            {
                var f = load.Frames ?? new FrameLoad(3000 * reportedPlaying, 0, 0);
                frames = new JsonObject { ["sent"] = f.Sent, ["nulled"] = f.Nulled, ["deficit"] = f.Deficit };
            }
            return new JsonObject
            {
                ["players"] = load.Players ?? players,
                ["playingPlayers"] = reportedPlaying,
                ["uptime"] = (long)(_time.GetUtcNow() - _startedAt).TotalMilliseconds,
                ["memory"] = new JsonObject { ["free"] = 100_000_000L, ["used"] = 200_000_000L, ["allocated"] = 300_000_000L, ["reservable"] = 1_000_000_000L },
                ["cpu"] = new JsonObject { ["cores"] = load.Cores, ["systemLoad"] = load.SystemLoad, ["lavalinkLoad"] = load.LavalinkLoad },
                ["frameStats"] = frames,
            };
        }
    }

    // ───────────── shapes ─────────────

    private JsonObject PlayerJson(EmulatedPlayer player, DateTimeOffset now) => new()
    {
        ["guildId"] = Id(player.GuildId),
        ["track"] = player.Track is { } track ? FakeCatalogue.ToJson(track, player.Position(now)) : null,
        ["volume"] = player.Volume,
        ["paused"] = player.Paused,
        ["state"] = StateJson(player, now),
        ["voice"] = player.Voice?.DeepClone() ?? new JsonObject { ["token"] = "", ["endpoint"] = "", ["sessionId"] = "" },
        ["filters"] = player.Filters.DeepClone(),
    };

    private JsonObject StateJson(EmulatedPlayer player, DateTimeOffset now) => new()
    {
        ["time"] = now.ToUnixTimeMilliseconds(),
        ["position"] = player.Position(now),
        ["connected"] = player.Connected,
        ["ping"] = player.Connected ? PingOf(player.VoiceRegion) : -1,
    };

    private int PingOf(string? region)
    {
        lock (_gate) return region is not null && _voicePing.TryGetValue(region, out var ping) ? ping : Options.DefaultVoicePing;
    }

    /// <summary>c-ewr07-….discord.media → ewr; us-east1234.discord.media → us-east (like the client, written separately).</summary>
    internal static string RegionOf(string endpoint)
    {
        var label = endpoint.Split('.', ':')[0].ToLowerInvariant();
        if (label.StartsWith("vip-", StringComparison.Ordinal)) label = label[4..];
        if (label.StartsWith("c-", StringComparison.Ordinal)) return new string(label[2..].TakeWhile(char.IsAsciiLetter).ToArray());
        return label.TrimEnd("0123456789".ToCharArray()).TrimEnd('-');
    }

    private JsonObject TrackEnd(long guildId, FakeTrack track, string reason) =>
        Event(guildId, "TrackEndEvent", track, new JsonObject { ["reason"] = reason });

    private JsonObject Event(long guildId, string type, FakeTrack track, JsonObject? extra = null)
    {
        lock (_events) _events.Add(new EmittedEvent(guildId, type, track.Identifier, extra?["reason"]?.GetValue<string>(), _time.GetUtcNow()));
        var message = new JsonObject { ["op"] = "event", ["type"] = type, ["guildId"] = Id(guildId), ["track"] = FakeCatalogue.ToJson(track) };
        if (extra is not null)
            foreach (var (key, value) in extra.ToList())
            {
                extra.Remove(key);
                message[key] = value;
            }
        return message;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task SessionNotFound(HttpContext context) => WriteErrorAsync(context, 404, "Not Found", "Session not found");

    /// <summary>Lavalink's error shape.</summary>
    private static Task WriteErrorAsync(HttpContext context, int status, string error, string message) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["status"] = status,
            ["error"] = error,
            ["message"] = message,
            ["path"] = context.Request.Path.Value,
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}

/// <summary>A player event the emulated node sent (or queued for a disconnected session).</summary>
public sealed record EmittedEvent(long GuildId, string Type, string TrackIdentifier, string? Reason, DateTimeOffset At);
