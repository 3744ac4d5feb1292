using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>A Discord error response <c>{code, message, errors?}</c> (docs/reference.md, "Error Messages").</summary>
internal sealed class DiscordRestException(int status, int code, string message, JsonObject? errors = null) : Exception(message)
{
    public int Status { get; } = status;

    public int Code { get; } = code;

    public JsonObject? Errors { get; } = errors;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["message"] = Message, ["code"] = Code };
        if (Errors is not null)
        {
            json["errors"] = Errors;
        }

        return json;
    }
}

/// <summary>The JSON error codes the emulator returns (docs/topics/Opcodes_and_Status_Codes.md, "JSON Error Codes").</summary>
internal static class DiscordErrors
{
    public static DiscordRestException Unauthorized() => new(401, 0, "401: Unauthorized");

    public static DiscordRestException NotFound() => new(404, 0, "404: Not Found");

    public static DiscordRestException MethodNotAllowed() => new(405, 0, "405: Method Not Allowed");

    public static DiscordRestException UnknownChannel() => new(404, 10003, "Unknown Channel");

    public static DiscordRestException UnknownGuild() => new(404, 10004, "Unknown Guild");

    public static DiscordRestException UnknownMessage() => new(404, 10008, "Unknown Message");

    public static DiscordRestException UnknownUser() => new(404, 10013, "Unknown User");

    public static DiscordRestException UnknownWebhook() => new(404, 10015, "Unknown Webhook");

    public static DiscordRestException UnknownInteraction() => new(404, 10062, "Unknown interaction");

    public static DiscordRestException MissingAccess() => new(403, 50001, "Missing Access");

    public static DiscordRestException EmptyMessage() => new(400, 50006, "Cannot send an empty message");

    public static DiscordRestException InvalidWebhookToken() => new(401, 50027, "Invalid Webhook Token");

    public static DiscordRestException InvalidFormBody(JsonObject errors) => new(400, 50035, "Invalid Form Body", errors);

    public static DiscordRestException AlreadyAcknowledged() => new(400, 40060, "Interaction has already been acknowledged.");

    public static DiscordRestException InvalidJson() => new(400, 50109, "The request body contains invalid JSON.");
}
