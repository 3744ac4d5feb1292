using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Rest;

internal static class RestMapping
{
    /// <summary>Maps a Discord route under <c>/api/v10</c> with the metadata the pipeline reads.</summary>
    public static void MapRest(this IEndpointRouteBuilder app, string method, string template, RestRoute route, Func<HttpContext, Task> handler) =>
        app.MapMethods(RestPipeline.ApiPrefix + template, [method], new RequestDelegate(handler)).WithMetadata(route);

    /// <summary>A snowflake route value; anything else is Discord's NUMBER_TYPE_COERCE form error.</summary>
    public static ulong Snowflake(this HttpContext http, string name)
    {
        var text = http.Request.RouteValues[name]?.ToString();
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        var errors = new FormErrors();
        errors.Add([name], "NUMBER_TYPE_COERCE", $"Value \"{text}\" is not snowflake.");
        throw DiscordErrors.InvalidFormBody(errors.Root);
    }

    public static string RouteString(this HttpContext http, string name) => http.Request.RouteValues[name]?.ToString() ?? "";
}
