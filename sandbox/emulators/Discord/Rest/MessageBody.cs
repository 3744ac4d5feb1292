using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Validates and applies message bodies of Create Message, interaction responses and webhook edits (docs/resources/Message.md, "Create Message").</summary>
internal static class MessageBody
{
    /// <summary>Message flags a client may set (docs/resources/Message.md, "Message Flags").</summary>
    public const int SuppressEmbedsFlag = 1 << 2;
    public const int EphemeralFlag = 1 << 6;
    public const int LoadingFlag = 1 << 7;
    public const int SuppressNotificationsFlag = 1 << 12;
    public const int IsComponentsV2Flag = 1 << 15;

    private static readonly string[] ContentFields = ["content", "embeds", "components", "sticker_ids", "poll", "attachments"];

    /// <summary>Throws Discord's errors for an invalid body; <paramref name="requireContent"/> refuses empty messages (50006).</summary>
    public static void Validate(JsonObject body, bool requireContent)
    {
        var errors = new FormErrors();
        var content = body["content"];
        if (content is not null && RestJson.AsString(content) is null)
        {
            errors.Add(["content"], "BASE_TYPE_STRING", "Must be a string.");
        }
        else if (RestJson.AsString(content) is { Length: > DiscordLimits.MaxMessageContentLength })
        {
            errors.Add(["content"], "BASE_TYPE_MAX_LENGTH", $"Must be {DiscordLimits.MaxMessageContentLength} or fewer in length.");
        }

        if (body["embeds"] is { } embeds)
        {
            if (embeds is not JsonArray embedArray)
            {
                errors.Add(["embeds"], "BASE_TYPE_LIST", "Must be a list.");
            }
            else if (embedArray.Count > DiscordLimits.MaxEmbedsPerMessage)
            {
                errors.Add(["embeds"], "BASE_TYPE_MAX_LENGTH", $"Must be {DiscordLimits.MaxEmbedsPerMessage} or fewer in length.");
            }
        }

        if (body["components"] is { } components && components is not JsonArray)
        {
            errors.Add(["components"], "BASE_TYPE_LIST", "Must be a list.");
        }

        errors.ThrowIfAny();
        if (requireContent && !HasContent(body))
        {
            throw DiscordErrors.EmptyMessage();
        }
    }

    public static int Flags(JsonObject body) =>
        body["flags"] is JsonValue value && value.TryGetValue(out int flags) ? flags : 0;

    /// <summary>Copies the content fields of <paramref name="body"/> onto <paramref name="message"/>.</summary>
    public static void Apply(JsonObject message, JsonObject body)
    {
        foreach (var field in ContentFields)
        {
            if (body[field] is { } value)
            {
                message[field] = value.DeepClone();
            }
        }
    }

    public static string? Content(JsonObject message) => RestJson.AsString(message["content"]);

    private static bool HasContent(JsonObject body) => ContentFields.Any(field => body[field] switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonValue value when RestJson.AsString(value) is { } s => s.Length > 0,
        JsonObject => true,
        _ => false,
    });
}
