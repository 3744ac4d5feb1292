using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Tests.Discord;

/// <summary>
/// A bare gateway client over <see cref="ClientWebSocket"/>, written from the protocol docs and independent of
/// the product's Discord client. With zlib-stream it inflates every frame through one context.
/// </summary>
internal sealed class GatewayTestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private static readonly byte[] SyncFlushSuffix = [0x00, 0x00, 0xFF, 0xFF];

    private readonly ClientWebSocket _socket = new();
    private readonly FeedStream? _feed;
    private readonly ZLibStream? _inflater;

    private GatewayTestClient(bool compressed)
    {
        if (compressed)
        {
            _feed = new FeedStream();
            _inflater = new ZLibStream(_feed, CompressionMode.Decompress);
        }
    }

    /// <summary>Every compressed frame as received, for assertions on the transport.</summary>
    public List<byte[]> CompressedFrames { get; } = [];

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<GatewayTestClient> ConnectAsync(string url, bool zlib = false)
    {
        var client = new GatewayTestClient(zlib);
        var query = "?v=10&encoding=json" + (zlib ? "&compress=zlib-stream" : "");
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await client._socket.ConnectAsync(new Uri(url + query), timeout.Token);
        return client;
    }

    /// <summary>Connects and reads HELLO; returns the client and the heartbeat interval.</summary>
    public static async Task<(GatewayTestClient Client, long HeartbeatInterval)> ConnectAndHelloAsync(string url, bool zlib = false)
    {
        var client = await ConnectAsync(url, zlib);
        var hello = await client.ReceiveAsync();
        Assert.Equal(10, (int)hello["op"]!);
        return (client, (long)hello["d"]!["heartbeat_interval"]!);
    }

    /// <summary>Connects, identifies and reads READY.</summary>
    public static async Task<(GatewayTestClient Client, JsonObject Ready)> IdentifyAsync(string url, string token, int shardId = 0, int shardCount = 1, long intents = 1, bool zlib = false)
    {
        var (client, _) = await ConnectAndHelloAsync(url, zlib);
        await client.SendIdentifyAsync(token, shardId, shardCount, intents);
        var ready = await client.ReceiveAsync();
        Assert.Equal("READY", (string?)ready["t"]);
        return (client, ready);
    }

    public Task SendIdentifyAsync(string token, int shardId = 0, int shardCount = 1, long intents = 1) =>
        SendAsync(new JsonObject
        {
            ["op"] = 2,
            ["d"] = new JsonObject
            {
                ["token"] = token,
                ["intents"] = intents,
                ["shard"] = new JsonArray(shardId, shardCount),
                ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "asphalt-tests", ["device"] = "asphalt-tests" },
            },
        });

    public Task SendResumeAsync(string token, string sessionId, long seq) =>
        SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = token, ["session_id"] = sessionId, ["seq"] = seq } });

    public Task SendHeartbeatAsync(long? seq) => SendAsync(new JsonObject { ["op"] = 1, ["d"] = seq });

    public Task SendAsync(JsonObject payload) => SendTextAsync(payload.ToJsonString());

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next payload; fails on a close frame or timeout.</summary>
    public async Task<JsonObject> ReceiveAsync(TimeSpan? timeout = null)
    {
        var (type, bytes) = await ReceiveMessageAsync(timeout);
        if (type == WebSocketMessageType.Close)
        {
            throw new InvalidOperationException($"The gateway closed with {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}.");
        }

        return JsonNode.Parse(Decode(type, bytes))!.AsObject();
    }

    /// <summary>The next payload that matches, skipping others (heartbeat ACKs, GUILD_CREATEs...).</summary>
    public async Task<JsonObject> ReceiveUntilAsync(Func<JsonObject, bool> predicate, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            var payload = await ReceiveAsync(timeout);
            if (predicate(payload))
            {
                return payload;
            }

            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    public Task<JsonObject> ReceiveDispatchAsync(string eventName, TimeSpan? timeout = null) =>
        ReceiveUntilAsync(p => (int)p["op"]! == 0 && (string?)p["t"] == eventName, timeout);

    /// <summary>Reads (and skips payloads) until the server's close frame; returns its code.</summary>
    public async Task<int> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var (type, _) = await ReceiveMessageAsync(timeout);
            if (type == WebSocketMessageType.Close)
            {
                return (int)_socket.CloseStatus!.Value;
            }
        }
    }

    public async Task CloseAsync(int code)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await _socket.CloseAsync((WebSocketCloseStatus)code, "test", timeout.Token);
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort() => _socket.Abort();

    private async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveMessageAsync(TimeSpan? timeout)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cancel.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (result.MessageType, message.ToArray());
    }

    private string Decode(WebSocketMessageType type, byte[] bytes)
    {
        if (_inflater is null)
        {
            Assert.Equal(WebSocketMessageType.Text, type);
            return Encoding.UTF8.GetString(bytes);
        }

        Assert.Equal(WebSocketMessageType.Binary, type);
        CompressedFrames.Add(bytes);
        Assert.True(bytes.AsSpan().EndsWith(SyncFlushSuffix), "A zlib-stream frame must end with the sync flush 00 00 ff ff.");
        _feed!.Feed(bytes);
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = _inflater.Read(chunk)) > 0)
        {
            output.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Best effort: the emulator is disposed right after.
            }
        }

        _socket.Dispose();
        _inflater?.Dispose();
    }

    /// <summary>A stream that hands out the bytes fed to it and reports "no more for now" with 0.</summary>
    private sealed class FeedStream : Stream
    {
        private byte[] _data = [];
        private int _position;

        public void Feed(byte[] data)
        {
            _data = data;
            _position = 0;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, _data.Length - _position);
            Array.Copy(_data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
