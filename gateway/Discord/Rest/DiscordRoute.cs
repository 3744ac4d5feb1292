namespace Asphalt.Gateway.Discord.Rest;

/// <summary>
/// One REST call's route: the method and template (metrics label and bucket identity, never
/// containing ids or tokens), the concrete path, and the major parameter that splits a bucket
/// (Rate_Limits.md: channel_id, guild_id, webhook_id + webhook_token; interactions by id).
/// </summary>
public sealed record DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool ExemptFromGlobal)
{
    /// <summary>Route identity before Discord tells its bucket hash: "POST /channels/{channel_id}/messages".</summary>
    public string RouteKey => $"{Method.Method} {Template}";

    public override string ToString() => RouteKey;

    public static DiscordRoute GatewayBot() => Create(HttpMethod.Get, "/gateway/bot");

    public static DiscordRoute CurrentApplication() => Create(HttpMethod.Get, "/applications/@me");

    public static DiscordRoute BulkOverwriteGlobalCommands(string applicationId) =>
        Create(HttpMethod.Put, "/applications/{application_id}/commands", ("application_id", applicationId));

    public static DiscordRoute BulkOverwriteGuildCommands(string applicationId, string guildId) =>
        Create(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", ("application_id", applicationId), ("guild_id", guildId));

    public static DiscordRoute InteractionCallback(string interactionId, string interactionToken) =>
        Create(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback", ("interaction_id", interactionId), ("interaction_token", interactionToken));

    public static DiscordRoute EditOriginalResponse(string applicationId, string interactionToken) =>
        Create(HttpMethod.Patch, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", ("webhook_id", applicationId), ("webhook_token", interactionToken));

    public static DiscordRoute DeleteOriginalResponse(string applicationId, string interactionToken) =>
        Create(HttpMethod.Delete, "/webhooks/{webhook_id}/{webhook_token}/messages/@original", ("webhook_id", applicationId), ("webhook_token", interactionToken));

    public static DiscordRoute CreateFollowup(string applicationId, string interactionToken) =>
        Create(HttpMethod.Post, "/webhooks/{webhook_id}/{webhook_token}", ("webhook_id", applicationId), ("webhook_token", interactionToken));

    public static DiscordRoute CreateMessage(string channelId) =>
        Create(HttpMethod.Post, "/channels/{channel_id}/messages", ("channel_id", channelId));

    /// <summary>POST /users/@me/channels: opens (or returns) the DM channel with a user (User.md "Create DM").</summary>
    public static DiscordRoute CreateDm() => Create(HttpMethod.Post, "/users/@me/channels");

    /// <summary>Builds a route from a template and its parameters (values are URL-escaped).</summary>
    public static DiscordRoute Create(HttpMethod method, string template, params (string Name, string Value)[] parameters)
    {
        var path = template;
        var major = new List<string>();
        foreach (var (name, value) in parameters)
        {
            path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            if (name is "channel_id" or "guild_id" or "webhook_id" or "webhook_token" or "interaction_id") major.Add(value);
        }
        if (path.Contains('{')) throw new ArgumentException($"Route {template} is missing a parameter.", nameof(parameters));
        // Interaction callbacks and interaction webhooks do not count against the global limit (Rate_Limits.md "Global Rate Limit").
        var exempt = template.StartsWith("/interactions/", StringComparison.Ordinal) || template.StartsWith("/webhooks/", StringComparison.Ordinal);
        return new DiscordRoute(method, template, path, string.Join(':', major), exempt);
    }
}
