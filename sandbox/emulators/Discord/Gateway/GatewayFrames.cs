using System.Buffers;
using System.Text.Json;

namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>Serializes gateway payloads <c>{op, d, s, t}</c> (docs/topics/Gateway_Events.md, "Payload Structure").</summary>
internal static class GatewayFrames
{
    public static byte[] Dispatch(string eventName, long seq, ReadOnlySpan<byte> payloadJson) =>
        Write(GatewayOpcodes.Dispatch, payloadJson, seq, eventName);

    public static byte[] Hello(TimeSpan heartbeatInterval) =>
        Write(GatewayOpcodes.Hello, DiscordJson.SerializeToUtf8Bytes(new { heartbeat_interval = (long)heartbeatInterval.TotalMilliseconds }), null, null);

    public static byte[] HeartbeatAck() => Write(GatewayOpcodes.HeartbeatAck, "null"u8, null, null);

    public static byte[] HeartbeatRequest() => Write(GatewayOpcodes.Heartbeat, "null"u8, null, null);

    public static byte[] Reconnect() => Write(GatewayOpcodes.Reconnect, "null"u8, null, null);

    public static byte[] InvalidSession(bool resumable) => Write(GatewayOpcodes.InvalidSession, resumable ? "true"u8 : "false"u8, null, null);

    private static byte[] Write(int op, ReadOnlySpan<byte> data, long? seq, string? eventName)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op"u8, op);
            writer.WritePropertyName("d"u8);
            writer.WriteRawValue(data, skipInputValidation: true);
            if (seq is { } s)
            {
                writer.WriteNumber("s"u8, s);
            }
            else
            {
                writer.WriteNull("s"u8);
            }

            if (eventName is not null)
            {
                writer.WriteString("t"u8, eventName);
            }
            else
            {
                writer.WriteNull("t"u8);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
