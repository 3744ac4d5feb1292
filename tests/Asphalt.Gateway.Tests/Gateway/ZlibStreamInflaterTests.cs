using System.Buffers;
using System.IO.Compression;
using System.Text;
using Asphalt.Gateway.Discord.Gateway;

namespace Asphalt.Gateway.Tests.Gateway;

public class ZlibStreamInflaterTests
{
    /// <summary>What Discord does: one zlib stream for the connection, a sync flush after every message.</summary>
    private static List<byte[]> CompressAsOneStream(params string[] messages)
    {
        var output = new MemoryStream();
        using var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true);
        var compressed = new List<byte[]>();
        foreach (var message in messages)
        {
            var start = (int)output.Length;
            zlib.Write(Encoding.UTF8.GetBytes(message));
            zlib.Flush(); // Z_SYNC_FLUSH: ends with 00 00 ff ff
            compressed.Add(output.ToArray()[start..]);
        }
        return compressed;
    }

    private static readonly string[] Messages =
    [
        """{"op":10,"d":{"heartbeat_interval":41250}}""",
        """{"op":0,"t":"READY","s":1,"d":{"session_id":"abc","resume_gateway_url":"wss://x"}}""",
        "{\"op\":0,\"t\":\"GUILD_CREATE\",\"s\":2,\"d\":{\"id\":\"1\",\"name\":\"" + new string('g', 20_000) + "\"}}",
        """{"op":11}""",
    ];

    [Fact]
    public void Inflates_every_message_of_one_connection_with_one_context()
    {
        var inflater = new ZlibStreamInflater();
        foreach (var (chunk, expected) in CompressAsOneStream(Messages).Zip(Messages))
        {
            var output = new ArrayBufferWriter<byte>();
            Assert.True(inflater.TryInflate(chunk, output));
            Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Buffers_a_message_split_across_frames_until_the_suffix_arrives(int frameSize)
    {
        var inflater = new ZlibStreamInflater();
        foreach (var (chunk, expected) in CompressAsOneStream(Messages).Zip(Messages))
        {
            var output = new ArrayBufferWriter<byte>();
            var completed = 0;
            for (var i = 0; i < chunk.Length; i += frameSize)
            {
                var frame = chunk.AsSpan(i, Math.Min(frameSize, chunk.Length - i));
                var last = i + frameSize >= chunk.Length;
                var done = inflater.TryInflate(frame, output);
                // Only the frame carrying the end of 00 00 ff ff completes the message (a split suffix must not).
                Assert.Equal(last, done);
                if (done) completed++;
            }
            Assert.Equal(1, completed);
            Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
            Assert.Equal(0, inflater.PendingBytes);
        }
    }

    [Fact]
    public void A_corrupt_stream_is_reported_not_swallowed()
    {
        var inflater = new ZlibStreamInflater();
        byte[] garbage = [0x78, 0x9c, 0xff, 0xfe, 0xfd, 0x00, 0x00, 0xff, 0xff];
        Assert.ThrowsAny<InvalidDataException>(() => inflater.TryInflate(garbage, new ArrayBufferWriter<byte>()));
    }
}
