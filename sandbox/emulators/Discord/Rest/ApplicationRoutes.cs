using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Gateway discovery and "who am I" routes (docs/topics/Gateway.md, "Get Gateway Bot"; docs/resources/Application.md).</summary>
internal static class ApplicationRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        app.MapRest("GET", "/gateway", new RestRoute(RestRoutes.GetGateway, [], RequiresBotToken: false),
            http => RestJson.WriteAsync(http, 200, new JsonObject { ["url"] = context.GatewayUrl }));
        app.MapRest("GET", "/gateway/bot", new RestRoute(RestRoutes.GetGatewayBot, []), http => GatewayBotAsync(http, context));
        app.MapRest("GET", "/applications/@me", new RestRoute(RestRoutes.GetCurrentApplication, []), http => RestJson.WriteAsync(http, 200, Application(context)));
        app.MapRest("GET", "/oauth2/applications/@me", new RestRoute(RestRoutes.GetCurrentApplication, []), http => RestJson.WriteAsync(http, 200, Application(context)));
        app.MapRest("GET", "/users/@me", new RestRoute(RestRoutes.GetCurrentUser, []), http => RestJson.WriteAsync(http, 200, BotUser(context)));
    }

    private static Task GatewayBotAsync(HttpContext http, EmulatorContext context)
    {
        var options = context.Options;
        var body = new JsonObject
        {
            ["url"] = context.GatewayUrl,
            ["shards"] = context.RecommendedShards,
            ["session_start_limit"] = new JsonObject
            {
                ["total"] = options.SessionStartLimitTotal,
                ["remaining"] = context.Gateway.SessionStartRemaining,
                ["reset_after"] = (long)options.SessionStartLimitResetAfter.TotalMilliseconds,
                ["max_concurrency"] = options.MaxConcurrency,
            },
        };
        return RestJson.WriteAsync(http, 200, body);
    }

    private static JsonObject BotUser(EmulatorContext context)
    {
        var user = DiscordPayloads.User(context.BotUser);
        user["verified"] = true;
        user["mfa_enabled"] = false;
        user["flags"] = 0;
        user["locale"] = "en-US";
        return user;
    }

    private static JsonObject Application(EmulatorContext context) => new()
    {
        ["id"] = DiscordPayloads.Id(context.Options.ApplicationId),
        ["name"] = context.Options.BotUsername,
        ["icon"] = null,
        ["description"] = "",
        ["bot_public"] = true,
        ["bot_require_code_grant"] = false,
        ["verify_key"] = "0000000000000000000000000000000000000000000000000000000000000000",
        ["flags"] = 0,
        ["team"] = null,
        ["approximate_guild_count"] = context.Guilds.Count,
        ["bot"] = DiscordPayloads.User(context.BotUser),
    };
}
