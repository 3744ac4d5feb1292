using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Lavalink;

/// <summary>A player of the emulated node, as tests see it.</summary>
public sealed record EmulatedPlayerSnapshot(
    string SessionId,
    long GuildId,
    FakeTrack? Track,
    long PositionMs,
    bool Paused,
    int Volume,
    JsonObject Filters,
    string? VoiceEndpoint,
    string? VoiceChannelId,
    bool Connected,
    string? VoiceSessionId = null,
    string? VoiceToken = null);

internal sealed class EmulatedPlayer(long guildId)
{
    public long GuildId { get; } = guildId;
    public FakeTrack? Track { get; set; }
    public long BasePosition { get; set; }
    public DateTimeOffset BaseTime { get; set; }
    public long? EndTime { get; set; }
    public bool Paused { get; set; }
    public int Volume { get; set; } = 100;
    public JsonObject Filters { get; set; } = new();
    public JsonObject? Voice { get; set; }
    public string? VoiceRegion { get; set; }

    public bool Connected => Voice is not null;

    public long Position(DateTimeOffset now)
    {
        if (Track is null) return 0;
        if (Paused || !Connected) return BasePosition;
        return BasePosition + (long)(now - BaseTime).TotalMilliseconds;
    }

    /// <summary>Freezes the position at <paramref name="now"/> (before a change of pause, voice or position).</summary>
    public void Rebase(DateTimeOffset now)
    {
        BasePosition = Position(now);
        BaseTime = now;
    }
}

internal sealed class EmulatedSession(string id)
{
    /// <summary>Messages kept for a disconnected resumable session (Lavalink replays them on resume).</summary>
    private const int MaxQueuedMessages = 1000;

    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Queue<string> _queued = new();

    public string Id { get; } = id;
    public Dictionary<long, EmulatedPlayer> Players { get; } = [];
    public WebSocket? Socket { get; set; }
    public bool Resuming { get; set; }
    public int TimeoutSeconds { get; set; } = 60;
    public DateTimeOffset? DisconnectedAt { get; set; }
    public DateTimeOffset LastPlayerUpdate { get; set; }

    public async Task SendAsync(JsonObject message)
    {
        var text = message.ToJsonString();
        await _send.WaitAsync();
        try
        {
            if (Socket is not { State: WebSocketState.Open } socket)
            {
                if (Resuming && _queued.Count < MaxQueuedMessages) _queued.Enqueue(text);
                return;
            }
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the socket went away mid-send; the close handler takes care of the session
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends what was queued while disconnected (after the ready of a resume).</summary>
    public async Task FlushAsync()
    {
        List<string> pending;
        await _send.WaitAsync();
        try
        {
            pending = [.. _queued];
            _queued.Clear();
        }
        finally
        {
            _send.Release();
        }
        foreach (var text in pending) await SendAsync(JsonNode.Parse(text)!.AsObject());
    }
}
