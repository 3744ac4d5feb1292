using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Asphalt.Hosting.Logging;

/// <summary>
/// One JSON object per line (time, level, category, event, message, structured fields, scopes,
/// exception), with every string passed through <see cref="SecretRedactor"/>.
/// </summary>
public sealed class RedactingJsonFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "asphalt-json";

    // Log lines are read by people and log shippers, not embedded in HTML: no \u002B for '+'.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = entry.Formatter?.Invoke(entry.State, entry.Exception);
        if (message is null && entry.Exception is null) return;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", DateTimeOffset.UtcNow.ToString("O"));
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            if (entry.EventId.Id != 0) json.WriteNumber("eventId", entry.EventId.Id);
            if (!string.IsNullOrEmpty(entry.EventId.Name)) json.WriteString("event", entry.EventId.Name);
            json.WriteString("msg", SecretRedactor.Redact(message ?? ""));
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
                WriteFields(json, fields);
            if (scopeProvider is not null)
            {
                var scopes = new List<object?>();
                scopeProvider.ForEachScope((scope, list) => list.Add(scope), scopes);
                if (scopes.Count > 0)
                {
                    json.WriteStartArray("scopes");
                    foreach (var scope in scopes)
                    {
                        if (scope is IReadOnlyList<KeyValuePair<string, object?>> scopeFields)
                        {
                            json.WriteStartObject();
                            WriteFields(json, scopeFields);
                            json.WriteEndObject();
                        }
                        else json.WriteStringValue(SecretRedactor.Redact(scope?.ToString() ?? ""));
                    }
                    json.WriteEndArray();
                }
            }
            if (entry.Exception is not null) json.WriteString("exception", SecretRedactor.Redact(entry.Exception.ToString()));
            json.WriteEndObject();
        }
        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        foreach (var (key, value) in fields)
        {
            if (key == "{OriginalFormat}") continue;
            switch (value)
            {
                case null: json.WriteNull(key); break;
                case bool b: json.WriteBoolean(key, b); break;
                case ulong u: json.WriteNumber(key, u); break;
                case int or long or short or byte or uint or ushort:
                    json.WriteNumber(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case double or float or decimal:
                    json.WriteNumber(key, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                default: json.WriteString(key, SecretRedactor.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "")); break;
            }
        }
    }
}
