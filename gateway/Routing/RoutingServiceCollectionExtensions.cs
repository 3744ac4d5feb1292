using Asphalt.Gateway.Discord.Gateway;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Asphalt.Gateway.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>The event router as the shards' dispatch handler; a logging voice sink unless the audio feature registered one.</summary>
    public static IServiceCollection AddEventRouting(this IServiceCollection services)
    {
        services.TryAddSingleton<GatewayEventRouter>();
        services.TryAddSingleton<IGatewayDispatchHandler>(sp => sp.GetRequiredService<GatewayEventRouter>());
        services.TryAddSingleton<IVoiceEventSink, LoggingVoiceEventSink>();
        return services;
    }
}
