using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Routing;

/// <summary>Placeholder until the audio feature: logs and counts the bot's voice events (never the voice token).</summary>
public sealed class LoggingVoiceEventSink(GatewayMetrics metrics, ILogger<LoggingVoiceEventSink> logger) : IVoiceEventSink
{
    public ValueTask OnVoiceStateAsync(VoiceStateEvent voiceState)
    {
        metrics.VoiceEvent("VOICE_STATE_UPDATE");
        logger.LogInformation("Voice state of the bot in guild {GuildId}: channel {ChannelId}", voiceState.GuildId, voiceState.ChannelId?.ToString() ?? "none");
        return ValueTask.CompletedTask;
    }

    public ValueTask OnVoiceServerAsync(VoiceServerEvent voiceServer)
    {
        metrics.VoiceEvent("VOICE_SERVER_UPDATE");
        logger.LogInformation("Voice server for guild {GuildId}: {Endpoint}", voiceServer.GuildId, voiceServer.Endpoint ?? "(allocating)");
        return ValueTask.CompletedTask;
    }
}
