using System.Buffers;
using System.IO.Compression;

namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>
/// Inflates Discord's <c>compress=zlib-stream</c> transport: the whole connection is one zlib
/// stream (one inflate context per connection, never reset), flushed with Z_SYNC_FLUSH after
/// every message, so a complete message ends with <c>00 00 ff ff</c>. WebSocket frames may split
/// a message: bytes are buffered until that suffix arrives.
/// </summary>
public sealed class ZlibStreamInflater : IDisposable
{
    private readonly ArrayBufferWriter<byte> _pending = new();
    private readonly FeedStream _feed = new();
    private readonly ZLibStream _inflate;
    private readonly byte[] _chunk = new byte[16 * 1024];

    public ZlibStreamInflater() => _inflate = new ZLibStream(_feed, CompressionMode.Decompress);

    /// <summary>
    /// Adds compressed bytes; when they complete a message, writes its inflated bytes to
    /// <paramref name="output"/> and returns true. Returns false while a message is incomplete.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is corrupt; the connection cannot continue.</exception>
    public bool TryInflate(ReadOnlySpan<byte> compressed, IBufferWriter<byte> output)
    {
        _pending.Write(compressed);
        if (!_pending.WrittenSpan.EndsWith(DiscordLimits.ZlibSuffix)) return false;

        _feed.Set(_pending.WrittenMemory);
        int read;
        while ((read = _inflate.Read(_chunk)) > 0) output.Write(_chunk.AsSpan(0, read));
        _pending.Clear();
        return true;
    }

    /// <summary>Bytes of an incomplete message waiting for the rest of it.</summary>
    public int PendingBytes => _pending.WrittenCount;

    public void Dispose() => _inflate.Dispose();

    /// <summary>A read-only stream over the bytes of the current message; returns 0 when they are used up.</summary>
    private sealed class FeedStream : Stream
    {
        private ReadOnlyMemory<byte> _data;

        public void Set(ReadOnlyMemory<byte> data) => _data = data;

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _data.Length);
            _data.Span[..n].CopyTo(buffer);
            _data = _data[n..];
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
