namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Endpoint metadata: the route's name (its rate-limit bucket), its major parameter and its auth rules.</summary>
/// <param name="Name">e.g. <c>POST /channels/{channel.id}/messages</c>; see <see cref="RestRoutes"/>.</param>
/// <param name="MajorParameters">Route values that split the bucket (docs/topics/Rate_Limits.md, "Major Parameters").</param>
/// <param name="RequiresBotToken">False for routes authorized otherwise (interaction tokens) or public (<c>GET /gateway</c>).</param>
/// <param name="ExemptFromGlobal">Interaction callbacks and webhooks are not bound to the global limit (docs/topics/Rate_Limits.md, "Global Rate Limit").</param>
internal sealed record RestRoute(string Name, string[] MajorParameters, bool RequiresBotToken = true, bool ExemptFromGlobal = false);

/// <summary>Names of the emulated routes, used for per-route limits and fault injection.</summary>
public static class RestRoutes
{
    public const string GetGateway = "GET /gateway";
    public const string GetGatewayBot = "GET /gateway/bot";
    public const string GetCurrentApplication = "GET /applications/@me";
    public const string GetCurrentUser = "GET /users/@me";
    public const string CreateDm = "POST /users/@me/channels";
    public const string CreateMessage = "POST /channels/{channel.id}/messages";
    public const string GetGlobalCommands = "GET /applications/{application.id}/commands";
    public const string OverwriteGlobalCommands = "PUT /applications/{application.id}/commands";
    public const string GetGuildCommands = "GET /applications/{application.id}/guilds/{guild.id}/commands";
    public const string OverwriteGuildCommands = "PUT /applications/{application.id}/guilds/{guild.id}/commands";
    public const string CreateInteractionResponse = "POST /interactions/{interaction.id}/{interaction.token}/callback";
    public const string GetOriginalResponse = "GET /webhooks/{application.id}/{interaction.token}/messages/@original";
    public const string EditOriginalResponse = "PATCH /webhooks/{application.id}/{interaction.token}/messages/@original";
    public const string DeleteOriginalResponse = "DELETE /webhooks/{application.id}/{interaction.token}/messages/@original";
    public const string CreateFollowUp = "POST /webhooks/{application.id}/{interaction.token}";
    public const string GetFollowUp = "GET /webhooks/{application.id}/{interaction.token}/messages/{message.id}";
    public const string EditFollowUp = "PATCH /webhooks/{application.id}/{interaction.token}/messages/{message.id}";
    public const string DeleteFollowUp = "DELETE /webhooks/{application.id}/{interaction.token}/messages/{message.id}";
}

/// <summary>Scope of a 429 (docs/topics/Rate_Limits.md, "Header Format").</summary>
public enum RateLimitScope
{
    User,
    Global,
    Shared,
}
