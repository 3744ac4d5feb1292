using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>
/// The interaction webhook: @original and follow-ups (docs/interactions/Receiving_and_Responding.md,
/// "Edit Original Interaction Response", "Create Followup Message").
/// </summary>
internal static class WebhookRoutes
{
    private const string Original = "@original";

    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        string[] major = ["application_id", "token"];
        RestRoute Route(string name) => new(name, major, RequiresBotToken: false, ExemptFromGlobal: true);

        app.MapRest("GET", "/webhooks/{application_id}/{token}/messages/@original", Route(RestRoutes.GetOriginalResponse),
            http => GetAsync(http, context, Original));
        app.MapRest("PATCH", "/webhooks/{application_id}/{token}/messages/@original", Route(RestRoutes.EditOriginalResponse),
            http => EditAsync(http, context, Original));
        app.MapRest("DELETE", "/webhooks/{application_id}/{token}/messages/@original", Route(RestRoutes.DeleteOriginalResponse),
            http => DeleteAsync(http, context, Original));
        app.MapRest("POST", "/webhooks/{application_id}/{token}", Route(RestRoutes.CreateFollowUp),
            http => CreateFollowUpAsync(http, context));
        app.MapRest("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", Route(RestRoutes.GetFollowUp),
            http => GetAsync(http, context, http.RouteString("message_id")));
        app.MapRest("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", Route(RestRoutes.EditFollowUp),
            http => EditAsync(http, context, http.RouteString("message_id")));
        app.MapRest("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", Route(RestRoutes.DeleteFollowUp),
            http => DeleteAsync(http, context, http.RouteString("message_id")));
    }

    /// <summary>The interaction behind an application id and token; its webhook exists once it was acknowledged.</summary>
    private static EmulatedInteraction Resolve(HttpContext http, EmulatorContext context)
    {
        if (http.Snowflake("application_id") != context.Options.ApplicationId
            || context.Interactions.FindByToken(http.RouteString("token")) is not { } interaction)
        {
            throw DiscordErrors.UnknownWebhook();
        }

        if (context.Time.GetUtcNow() - interaction.CreatedAt > context.Options.InteractionTokenLifetime)
        {
            throw DiscordErrors.InvalidWebhookToken();
        }

        if (!interaction.Acknowledged)
        {
            throw DiscordErrors.UnknownWebhook();
        }

        return interaction;
    }

    private static Task GetAsync(HttpContext http, EmulatorContext context, string messageId)
    {
        var interaction = Resolve(http, context);
        lock (interaction.Gate)
        {
            var (message, _) = Find(interaction, messageId);
            return RestJson.WriteAsync(http, 200, message.DeepClone());
        }
    }

    private static async Task EditAsync(HttpContext http, EmulatorContext context, string messageId)
    {
        var interaction = Resolve(http, context);
        var body = await RestJson.ReadObjectAsync(http).ConfigureAwait(false);
        MessageBody.Validate(body, requireContent: false);
        var now = context.Time.GetUtcNow();
        JsonObject result;
        lock (interaction.Gate)
        {
            var (message, isOriginal) = Find(interaction, messageId);
            var edited = message.DeepClone().AsObject();
            MessageBody.Apply(edited, body);
            var flags = MessageBody.Flags(edited);
            var wasLoading = (flags & MessageBody.LoadingFlag) != 0;
            edited["flags"] = flags & ~MessageBody.LoadingFlag;
            if (wasLoading)
            {
                MessageBody.Validate(edited, requireContent: true);
            }
            else
            {
                edited["edited_timestamp"] = DiscordPayloads.Timestamp(now);
            }

            Replace(interaction, message, edited, isOriginal);
            interaction.Record(isOriginal ? InteractionEventKind.OriginalEdited : InteractionEventKind.FollowUpEdited, edited, body, now);
            result = edited.DeepClone().AsObject();
        }

        await RestJson.WriteAsync(http, 200, result).ConfigureAwait(false);
    }

    private static Task DeleteAsync(HttpContext http, EmulatorContext context, string messageId)
    {
        var interaction = Resolve(http, context);
        var now = context.Time.GetUtcNow();
        lock (interaction.Gate)
        {
            var (message, isOriginal) = Find(interaction, messageId);
            if (isOriginal)
            {
                interaction.OriginalDeleted = true;
            }
            else
            {
                interaction.FollowUpMessages.Remove(message);
            }

            interaction.Record(isOriginal ? InteractionEventKind.OriginalDeleted : InteractionEventKind.FollowUpDeleted, message, null, now);
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static async Task CreateFollowUpAsync(HttpContext http, EmulatorContext context)
    {
        var interaction = Resolve(http, context);
        var body = await RestJson.ReadObjectAsync(http).ConfigureAwait(false);
        MessageBody.Validate(body, requireContent: true);
        var now = context.Time.GetUtcNow();
        var message = DiscordPayloads.Message(context.Snowflakes.Next(now), interaction.ChannelId, interaction.GuildId, context.BotUser, "", now);
        MessageBody.Apply(message, body);
        message["flags"] = MessageBody.Flags(body) & (MessageBody.EphemeralFlag | MessageBody.SuppressEmbedsFlag | MessageBody.SuppressNotificationsFlag);
        message["webhook_id"] = DiscordPayloads.Id(context.Options.ApplicationId);
        message["application_id"] = DiscordPayloads.Id(context.Options.ApplicationId);
        lock (interaction.Gate)
        {
            interaction.FollowUpMessages.Add(message);
            interaction.Record(InteractionEventKind.FollowUpCreated, message, body, now);
        }

        await RestJson.WriteAsync(http, 200, message.DeepClone()).ConfigureAwait(false);
    }

    /// <summary>@original, a follow-up by id, or the original by its own id. Call under the interaction's gate.</summary>
    private static (JsonObject Message, bool IsOriginal) Find(EmulatedInteraction interaction, string messageId)
    {
        var original = interaction.OriginalDeleted ? null : interaction.Original;
        if (messageId == Original)
        {
            return original is null ? throw DiscordErrors.UnknownMessage() : (original, true);
        }

        if (original is not null && RestJson.AsString(original["id"]) == messageId)
        {
            return (original, true);
        }

        var followUp = interaction.FollowUpMessages.FirstOrDefault(m => RestJson.AsString(m["id"]) == messageId);
        return followUp is null ? throw DiscordErrors.UnknownMessage() : (followUp, false);
    }

    private static void Replace(EmulatedInteraction interaction, JsonObject current, JsonObject edited, bool isOriginal)
    {
        if (isOriginal)
        {
            interaction.Original = edited;
            return;
        }

        var index = interaction.FollowUpMessages.IndexOf(current);
        interaction.FollowUpMessages[index] = edited;
    }
}
