using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Create Message and Create DM (docs/resources/Message.md, docs/resources/User.md).</summary>
internal static class ChannelRoutes
{
    /// <summary>Message type of an ordinary message (docs/resources/Message.md, "Message Types").</summary>
    private const int DefaultMessageType = 0;

    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        app.MapRest("POST", "/channels/{channel_id}/messages", new RestRoute(RestRoutes.CreateMessage, ["channel_id"]), http => CreateMessageAsync(http, context));
        app.MapRest("POST", "/users/@me/channels", new RestRoute(RestRoutes.CreateDm, []), http => CreateDmAsync(http, context));
    }

    private static async Task CreateMessageAsync(HttpContext http, EmulatorContext context)
    {
        var channelId = http.Snowflake("channel_id");
        var channel = context.Channels.Find(channelId) ?? throw DiscordErrors.UnknownChannel();
        if (channel.Channel.Type is not (ChannelType.GuildText or ChannelType.Dm))
        {
            throw new DiscordRestException(400, 50008, "Cannot send messages in a non-text channel");
        }

        var body = await RestJson.ReadObjectAsync(http).ConfigureAwait(false);
        MessageBody.Validate(body, requireContent: true);

        var now = context.Time.GetUtcNow();
        var messageId = context.Snowflakes.Next(now);
        var message = DiscordPayloads.Message(messageId, channelId, channel.GuildId, context.BotUser, "", now, DefaultMessageType);
        MessageBody.Apply(message, body);
        message["flags"] = MessageBody.Flags(body) & (MessageBody.SuppressEmbedsFlag | MessageBody.SuppressNotificationsFlag | MessageBody.IsComponentsV2Flag);
        if (body["message_reference"] is JsonObject reference)
        {
            message["message_reference"] = reference.DeepClone();
            message["type"] = 19;
        }

        context.Log.ChannelMessages.Add(new ChannelMessageRecord(channelId, messageId, MessageBody.Content(message), body, now));
        await EchoAsync(context, channel, message).ConfigureAwait(false);
        await RestJson.WriteAsync(http, 200, message).ConfigureAwait(false);
    }

    /// <summary>Discord also dispatches the bot's own message as MESSAGE_CREATE to the shard that holds the channel.</summary>
    private static async Task EchoAsync(EmulatorContext context, KnownChannel channel, JsonObject message)
    {
        var needed = channel.GuildId is null ? GatewayIntents.DirectMessages : GatewayIntents.GuildMessages;
        if (context.Gateway.SessionForGuild(channel.GuildId) is { } session && (session.Intents & (long)needed) != 0)
        {
            await session.DispatchAsync("MESSAGE_CREATE", DiscordJson.SerializeToUtf8Bytes(message)).ConfigureAwait(false);
        }
    }

    private static async Task CreateDmAsync(HttpContext http, EmulatorContext context)
    {
        var body = await RestJson.ReadObjectAsync(http).ConfigureAwait(false);
        if (!RestJson.TryGetSnowflake(body["recipient_id"], out var recipientId))
        {
            var errors = new FormErrors();
            errors.Add(["recipient_id"], "BASE_TYPE_REQUIRED", "This field is required");
            throw DiscordErrors.InvalidFormBody(errors.Root);
        }

        var recipient = context.UserOf(recipientId);
        var dm = context.Channels.OpenDm(recipient);
        var json = new JsonObject
        {
            ["id"] = DiscordPayloads.Id(dm.Channel.Id),
            ["type"] = (int)ChannelType.Dm,
            ["last_message_id"] = null,
            ["flags"] = 0,
            ["recipients"] = new JsonArray(DiscordPayloads.User(recipient)),
        };
        await RestJson.WriteAsync(http, 200, json).ConfigureAwait(false);
    }
}
