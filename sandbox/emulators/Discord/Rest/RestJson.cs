using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Asphalt.Emulators.Discord.Rest;

internal static class RestJson
{
    /// <summary>Largest request body the emulator reads; Discord allows far more with attachments, JSON bodies stay small.</summary>
    private const int MaxJsonBodyBytes = 1 << 20;

    /// <summary>Reads the body as JSON; malformed JSON is Discord's 50109.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return null;
        }

        if (body.Length > MaxJsonBodyBytes)
        {
            throw new DiscordRestException(413, 40005, "Request entity too large");
        }

        try
        {
            return JsonNode.Parse(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (JsonException)
        {
            throw DiscordErrors.InvalidJson();
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        var node = await ReadAsync(http).ConfigureAwait(false);
        if (node is JsonObject json)
        {
            return json;
        }

        var errors = new FormErrors();
        errors.Add([], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        throw DiscordErrors.InvalidFormBody(errors.Root);
    }

    public static async Task WriteAsync(HttpContext http, int status, JsonNode? body)
    {
        http.Response.StatusCode = status;
        if (body is null)
        {
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, DiscordJson.Options), http.RequestAborted).ConfigureAwait(false);
    }

    public static string? AsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool TryGetSnowflake(JsonNode? node, out ulong id)
    {
        id = 0;
        return node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => ulong.TryParse(v.GetValue<string>(), out id),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue(out id),
            _ => false,
        };
    }
}
