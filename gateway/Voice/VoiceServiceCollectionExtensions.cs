using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Routing;
using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>
    /// Voice for the audio feature: the voice-state cache, the sink that hands voice events to the player grains,
    /// and this instance's voice gateway observers (op 4 on request). Call before <c>AddEventRouting</c>.
    /// </summary>
    public static IServiceCollection AddVoiceGateway(this IServiceCollection services)
    {
        services.AddSingleton<VoiceStateCache>();
        services.AddSingleton<VoiceDeliveryLanes>();
        services.AddSingleton<IVoiceEventSink>(sp =>
        {
            var gateway = sp.GetRequiredService<IDiscordGateway>();
            return new AudioVoiceEventSink(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<VoiceStateCache>(), sp.GetRequiredService<VoiceDeliveryLanes>(),
                sp.GetRequiredService<GatewayMetrics>(), () => DiscordVoiceStateSender.BotUserId(gateway), sp.GetRequiredService<ILogger<AudioVoiceEventSink>>());
        });
        services.AddSingleton<IVoiceStateSender, DiscordVoiceStateSender>();
        services.AddSingleton<VoiceGatewayRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<VoiceGatewayRegistration>());
        return services;
    }
}
