using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>Bulk overwrite and listing of global and guild commands (docs/interactions/Application_Commands.md).</summary>
internal static class CommandRoutes
{
    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        app.MapRest("GET", "/applications/{application_id}/commands",
            new RestRoute(RestRoutes.GetGlobalCommands, ["application_id"]), http => GetAsync(http, context, guild: false));
        app.MapRest("PUT", "/applications/{application_id}/commands",
            new RestRoute(RestRoutes.OverwriteGlobalCommands, ["application_id"]), http => OverwriteAsync(http, context, guild: false));
        app.MapRest("GET", "/applications/{application_id}/guilds/{guild_id}/commands",
            new RestRoute(RestRoutes.GetGuildCommands, ["application_id", "guild_id"]), http => GetAsync(http, context, guild: true));
        app.MapRest("PUT", "/applications/{application_id}/guilds/{guild_id}/commands",
            new RestRoute(RestRoutes.OverwriteGuildCommands, ["application_id", "guild_id"]), http => OverwriteAsync(http, context, guild: true));
    }

    private static Task GetAsync(HttpContext http, EmulatorContext context, bool guild) =>
        RestJson.WriteAsync(http, 200, context.Commands.Get(Scope(http, context, guild)));

    private static async Task OverwriteAsync(HttpContext http, EmulatorContext context, bool guild)
    {
        var guildId = Scope(http, context, guild);
        var body = await RestJson.ReadAsync(http).ConfigureAwait(false);
        CommandValidator.Validate(body);
        var stored = context.Commands.Overwrite(context.Options.ApplicationId, guildId, (JsonArray)body!);
        context.Log.CommandRegistrations.Add(new CommandRegistrationRecord(guildId, (JsonArray)stored.DeepClone(), context.Time.GetUtcNow()));
        await RestJson.WriteAsync(http, 200, stored).ConfigureAwait(false);
    }

    /// <summary>The guild of a guild route (null for global); another application or a guild without the bot is 403.</summary>
    private static ulong? Scope(HttpContext http, EmulatorContext context, bool guild)
    {
        if (http.Snowflake("application_id") != context.Options.ApplicationId)
        {
            throw DiscordErrors.MissingAccess();
        }

        if (!guild)
        {
            return null;
        }

        var guildId = http.Snowflake("guild_id");
        return context.Guilds.ContainsKey(guildId) ? guildId : throw DiscordErrors.MissingAccess();
    }
}
