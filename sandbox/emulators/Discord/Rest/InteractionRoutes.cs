using System.Text.Json;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Create Interaction Response (docs/interactions/Receiving_and_Responding.md, "Create Interaction Response").</summary>
internal static class InteractionRoutes
{
    /// <summary>Message types of interaction responses (docs/resources/Message.md, "Message Types").</summary>
    private const int ChatInputCommandMessageType = 20;
    private const int ReplyMessageType = 19;

    private const int ResponseFlagsMask = MessageBody.EphemeralFlag | MessageBody.SuppressEmbedsFlag | MessageBody.SuppressNotificationsFlag | MessageBody.IsComponentsV2Flag;

    public static void Map(IEndpointRouteBuilder app, EmulatorContext context) =>
        app.MapRest("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
            new RestRoute(RestRoutes.CreateInteractionResponse, ["interaction_id", "interaction_token"], RequiresBotToken: false, ExemptFromGlobal: true),
            http => CallbackAsync(http, context));

    private static async Task CallbackAsync(HttpContext http, EmulatorContext context)
    {
        var interaction = ulong.TryParse(http.RouteString("interaction_id"), out var id)
            ? context.Interactions.Find(id, http.RouteString("interaction_token"))
            : null;
        if (interaction is null)
        {
            throw DiscordErrors.UnknownInteraction();
        }

        var body = await RestJson.ReadObjectAsync(http).ConfigureAwait(false);
        if (body["type"] is not JsonValue typeNode || typeNode.GetValueKind() != JsonValueKind.Number || !typeNode.TryGetValue(out int type))
        {
            var errors = new FormErrors();
            errors.Add(["type"], "BASE_TYPE_REQUIRED", "This field is required");
            throw DiscordErrors.InvalidFormBody(errors.Root);
        }

        var data = body["data"] as JsonObject;
        var now = context.Time.GetUtcNow();
        JsonObject? message;
        lock (interaction.Gate)
        {
            if (interaction.CallbackType is not null)
            {
                throw DiscordErrors.AlreadyAcknowledged();
            }

            if (now - interaction.CreatedAt > context.Options.InteractionCallbackDeadline)
            {
                throw DiscordErrors.UnknownInteraction();
            }

            if (!InteractionCallbackTypes.IsValidFor(interaction.Type, type))
            {
                var errors = new FormErrors();
                errors.Add(["type"], "INTERACTION_CALLBACK_TYPE_INVALID", $"Callback type {type} is not valid for interaction type {(int)interaction.Type}.");
                throw DiscordErrors.InvalidFormBody(errors.Root);
            }

            message = BuildOriginal(context, interaction, type, data, now);
            interaction.CallbackType = type;
            interaction.Original = message;
            interaction.Record(InteractionEventKind.Callback, message, data, now);
        }

        if (http.Request.Query["with_response"] == "true")
        {
            await RestJson.WriteAsync(http, 200, CallbackResponse(interaction, type, message)).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The message an initial response creates or changes, after validating the callback's data.</summary>
    private static JsonObject? BuildOriginal(EmulatorContext context, EmulatedInteraction interaction, int type, JsonObject? data, DateTimeOffset now)
    {
        switch (type)
        {
            case InteractionCallbackTypes.ChannelMessageWithSource:
            {
                MessageBody.Validate(data ?? [], requireContent: true);
                var message = NewResponseMessage(context, interaction, now);
                MessageBody.Apply(message, data!);
                message["flags"] = MessageBody.Flags(data!) & ResponseFlagsMask;
                return message;
            }

            case InteractionCallbackTypes.DeferredChannelMessageWithSource:
            {
                var message = NewResponseMessage(context, interaction, now);
                message["flags"] = MessageBody.LoadingFlag | (data is null ? 0 : MessageBody.Flags(data) & MessageBody.EphemeralFlag);
                return message;
            }

            case InteractionCallbackTypes.DeferredUpdateMessage:
                return interaction.SourceMessage?.DeepClone().AsObject();

            case InteractionCallbackTypes.UpdateMessage:
            {
                MessageBody.Validate(data ?? [], requireContent: false);
                var message = interaction.SourceMessage?.DeepClone().AsObject() ?? NewResponseMessage(context, interaction, now);
                if (data is not null)
                {
                    MessageBody.Apply(message, data);
                }

                message["edited_timestamp"] = DiscordPayloads.Timestamp(now);
                return message;
            }

            case InteractionCallbackTypes.ApplicationCommandAutocompleteResult:
                ValidateChoices(data);
                return null;

            case InteractionCallbackTypes.Modal:
                ValidateModal(data);
                return null;

            default:
                return null;
        }
    }

    private static JsonObject NewResponseMessage(EmulatorContext context, EmulatedInteraction interaction, DateTimeOffset now)
    {
        var messageType = interaction.Type == InteractionType.ApplicationCommand ? ChatInputCommandMessageType : ReplyMessageType;
        var message = DiscordPayloads.Message(context.Snowflakes.Next(now), interaction.ChannelId, interaction.GuildId, context.BotUser, "", now, messageType);
        message["webhook_id"] = DiscordPayloads.Id(context.Options.ApplicationId);
        message["application_id"] = DiscordPayloads.Id(context.Options.ApplicationId);
        message["interaction_metadata"] = new JsonObject
        {
            ["id"] = DiscordPayloads.Id(interaction.Id),
            ["type"] = (int)interaction.Type,
            ["user"] = DiscordPayloads.User(interaction.User),
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = interaction.GuildId is { } g ? DiscordPayloads.Id(g) : "0" },
        };
        return message;
    }

    private static void ValidateChoices(JsonObject? data)
    {
        var errors = new FormErrors();
        if (data?["choices"] is not JsonArray choices)
        {
            errors.Add(["data", "choices"], "BASE_TYPE_REQUIRED", "This field is required");
        }
        else if (choices.Count > DiscordLimits.MaxAutocompleteChoices)
        {
            errors.Add(["data", "choices"], "BASE_TYPE_MAX_LENGTH", $"Must be {DiscordLimits.MaxAutocompleteChoices} or fewer in length.");
        }

        errors.ThrowIfAny();
    }

    private static void ValidateModal(JsonObject? data)
    {
        var errors = new FormErrors();
        foreach (var field in new[] { "custom_id", "title", "components" })
        {
            if (data?[field] is null)
            {
                errors.Add(["data", field], "BASE_TYPE_REQUIRED", "This field is required");
            }
        }

        errors.ThrowIfAny();
    }

    /// <summary>The body of <c>?with_response=true</c> (docs/interactions/Receiving_and_Responding.md, "Interaction Callback Response Object").</summary>
    private static JsonObject CallbackResponse(EmulatedInteraction interaction, int type, JsonObject? message)
    {
        var flags = message?["flags"] is JsonValue f && f.TryGetValue(out int value) ? value : 0;
        var resource = new JsonObject { ["type"] = type };
        if (message is not null)
        {
            resource["message"] = message.DeepClone();
        }

        return new JsonObject
        {
            ["interaction"] = new JsonObject
            {
                ["id"] = DiscordPayloads.Id(interaction.Id),
                ["type"] = (int)interaction.Type,
                ["activity_instance_id"] = null,
                ["response_message_id"] = message?["id"]?.DeepClone(),
                ["response_message_loading"] = (flags & MessageBody.LoadingFlag) != 0,
                ["response_message_ephemeral"] = (flags & MessageBody.EphemeralFlag) != 0,
            },
            ["resource"] = resource,
        };
    }
}
