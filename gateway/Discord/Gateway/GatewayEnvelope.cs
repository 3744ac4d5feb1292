using System.Text;
using System.Text.Json;

namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>
/// The envelope of a gateway payload — <c>op</c>, <c>t</c>, <c>s</c> and where <c>d</c> lies — read
/// with one forward pass of <see cref="Utf8JsonReader"/> and no allocation. <c>d</c> is only
/// skipped over (which still validates it); the shard parses it only for events someone handles.
/// </summary>
internal readonly struct GatewayEnvelope
{
    private GatewayEnvelope(int? op, int eventNameStart, int eventNameLength, bool eventNameEscaped, long? sequence, int dataStart, int dataLength)
    {
        Op = op;
        EventNameEscaped = eventNameEscaped;
        EventNameStart = eventNameStart;
        EventNameLength = eventNameLength;
        Sequence = sequence;
        DataStart = dataStart;
        DataLength = dataLength;
    }

    public int? Op { get; }

    /// <summary>Where the bytes of <c>t</c> lie in the payload; length −1 when <c>t</c> is absent or not a string.</summary>
    public int EventNameStart { get; }
    public int EventNameLength { get; }

    /// <summary>True when <c>t</c> holds escapes: then <see cref="EventName"/> is the whole JSON string token, quotes included.</summary>
    public bool EventNameEscaped { get; }

    public long? Sequence { get; }

    /// <summary>Where the JSON of <c>d</c> lies in the payload; length 0 when <c>d</c> is absent.</summary>
    public int DataStart { get; }
    public int DataLength { get; }

    public bool HasData => DataLength > 0;

    public ReadOnlySpan<byte> EventName(ReadOnlySpan<byte> payload) => EventNameLength < 0 ? default : payload.Slice(EventNameStart, EventNameLength);

    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> payload) => payload.Slice(DataStart, DataLength);

    /// <summary>True when <c>d</c> is the literal <c>true</c> (op 9: the session is resumable).</summary>
    public bool DataIsTrue(ReadOnlySpan<byte> payload) => Data(payload).SequenceEqual("true"u8);

    /// <summary>Reads the envelope; false with the malformed-frame reason when the payload is not JSON or not an object with a numeric <c>op</c>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out GatewayEnvelope envelope, out string? malformed)
    {
        envelope = default;
        int? op = null;
        long? sequence = null;
        int nameStart = 0, nameLength = -1, dataStart = 0, dataLength = 0;
        var nameEscaped = false;
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                // Not an object: still tell apart "not JSON at all" from "JSON, but no envelope".
                if (reader.TokenType != JsonTokenType.None) reader.Skip();
                malformed = "missing_op";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("op"u8))
                {
                    reader.Read();
                    op = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var o) ? o : null;
                }
                else if (reader.ValueTextEquals("t"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        nameEscaped = reader.ValueIsEscaped;
                        nameStart = (int)reader.TokenStartIndex + (nameEscaped ? 0 : 1); // the token starts at the opening quote
                        nameLength = nameEscaped ? (int)reader.BytesConsumed - (int)reader.TokenStartIndex : reader.ValueSpan.Length;
                    }
                    else
                    {
                        nameLength = -1;
                    }
                }
                else if (reader.ValueTextEquals("s"u8))
                {
                    reader.Read();
                    sequence = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) ? s : null;
                }
                else if (reader.ValueTextEquals("d"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    dataStart = start;
                    dataLength = (int)reader.BytesConsumed - start;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // Whatever follows the object must be whitespace, as for JsonDocument.Parse.
            while (reader.Read()) { }
        }
        catch (JsonException)
        {
            malformed = "invalid_json";
            return false;
        }
        if (op is null)
        {
            malformed = "missing_op";
            return false;
        }
        envelope = new GatewayEnvelope(op, nameStart, nameLength, nameEscaped, sequence, dataStart, dataLength);
        malformed = null;
        return true;
    }
}

/// <summary>
/// A shard's event names as strings, made once per name instead of once per dispatch, with
/// whether the handler wants that event. Bounded, so a stream of made-up names cannot grow it.
/// </summary>
internal sealed class EventNameTable(Func<string, bool> wants)
{
    /// <summary>Discord has about 80 dispatch events; well above that, names are allocated per dispatch instead of kept.</summary>
    private const int MaxNames = 256;

    /// <summary>Longest event name looked up without allocating (Discord's longest is under 50 characters).</summary>
    private const int MaxLookupLength = 64;

    private readonly Dictionary<string, bool> _names = new(StringComparer.Ordinal);

    /// <param name="escaped">True when <paramref name="utf8"/> is a JSON string token with escapes (quotes included).</param>
    public (string Name, bool Wanted) Get(ReadOnlySpan<byte> utf8, bool escaped = false)
    {
        if (escaped)
        {
            var reader = new Utf8JsonReader(utf8);
            reader.Read();
            var unescaped = reader.GetString()!;
            return Get(Encoding.UTF8.GetBytes(unescaped));
        }
        if (utf8.Length <= MaxLookupLength)
        {
            Span<char> chars = stackalloc char[MaxLookupLength];
            var length = Encoding.UTF8.GetChars(utf8, chars);
            var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars[..length], out var name, out var wanted)) return (name, wanted);
        }
        var created = Encoding.UTF8.GetString(utf8);
        var isWanted = wants(created);
        if (_names.Count < MaxNames && utf8.Length <= MaxLookupLength) _names[created] = isWanted;
        return (created, isWanted);
    }
}
