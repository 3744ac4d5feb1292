using System.Net.WebSockets;
using Asphalt.Emulators.Discord.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>Accepts gateway WebSockets at <c>/gateway</c> and <c>/gateway-resume</c> (docs/topics/Gateway.md, "Connecting").</summary>
internal static class GatewayEndpoint
{
    private const string JsonEncoding = "json";
    private const string ZlibStream = "zlib-stream";

    public static void Map(IEndpointRouteBuilder app, EmulatorContext context)
    {
        foreach (var (path, kind) in new[] { (GatewayPaths.Gateway, GatewayEndpointKind.Gateway), (GatewayPaths.ResumeGateway, GatewayEndpointKind.ResumeGateway) })
        {
            // Routing matches "/gateway/" too, for clients that append "/?v=10".
            app.Map(path, http => AcceptAsync(http, context, kind));
        }
    }

    private static async Task AcceptAsync(HttpContext http, EmulatorContext context, GatewayEndpointKind kind)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var query = http.Request.Query;
        var encoding = query["encoding"].ToString();
        var compress = query["compress"].ToString();
        if ((encoding.Length > 0 && encoding != JsonEncoding) || (compress.Length > 0 && compress != ZlibStream))
        {
            // The emulator speaks JSON only; ETF and zstd-stream are refused before the upgrade.
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var version = query["v"].ToString();
        if (version.Length > 0 && version != DiscordLimits.ApiVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)GatewayCloseCodes.InvalidApiVersion, "Invalid API version.", CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await using var connection = new GatewayConnection(http, socket, context, kind, compress == ZlibStream);
        context.Gateway.Open(connection);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            context.Gateway.Closed(connection);
        }
    }
}
