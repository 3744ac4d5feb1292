using System.Net;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Gateway;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Emulators.Discord.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asphalt.Emulators.Discord;

/// <summary>
/// A fake Discord on a free loopback port that speaks API v10: the gateway WebSocket (JSON, optional
/// zlib-stream) and the REST routes a bot uses. The control API (the other parts of this class) drives it
/// from tests: interactions, dispatches, faults, and logs of everything the client did.
/// </summary>
public sealed partial class DiscordEmulator : IAsyncDisposable
{
    /// <summary>How long disposal waits for open requests before cutting them.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly EmulatorContext _context;

    private DiscordEmulator(WebApplication app, EmulatorContext context)
    {
        _app = app;
        _context = context;
    }

    /// <summary>e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl => _context.BaseHttpUrl;

    /// <summary>e.g. <c>http://127.0.0.1:PORT/api/v10</c>.</summary>
    public string ApiBaseUrl => BaseUrl + RestPipeline.ApiPrefix;

    /// <summary>The <c>url</c> of <c>GET /gateway/bot</c>: <c>ws://127.0.0.1:PORT/gateway</c>.</summary>
    public string GatewayUrl => _context.GatewayUrl;

    /// <summary>The <c>resume_gateway_url</c> of READY: <c>ws://127.0.0.1:PORT/gateway-resume</c>.</summary>
    public string ResumeGatewayUrl => _context.ResumeGatewayUrl;

    public DiscordEmulatorOptions Options => _context.Options;

    public DiscordEmulatorLog Log => _context.Log;

    public EmulatedUser BotUser => _context.BotUser;

    public IReadOnlyList<EmulatedGuild> Guilds => _context.Options.Guilds;

    /// <summary>The shard count <c>GET /gateway/bot</c> recommends.</summary>
    public int RecommendedShards => _context.RecommendedShards;

    public static async Task<DiscordEmulator> StartAsync(DiscordEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DiscordEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        var context = new EmulatorContext(options, TimeProvider.System);
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.UseRouting();
        var pipeline = new RestPipeline(context);
        app.Use(pipeline.InvokeAsync);

        GatewayEndpoint.Map(app, context);
        ApplicationRoutes.Map(app, context);
        ChannelRoutes.Map(app, context);
        CommandRoutes.Map(app, context);
        InteractionRoutes.Map(app, context);
        WebhookRoutes.Map(app, context);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        context.BaseHttpUrl = address.TrimEnd('/');
        return new DiscordEmulator(app, context);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _context.Gateway.OpenConnections)
        {
            connection.Abort();
        }

        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
