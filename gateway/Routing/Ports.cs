using Asphalt.Grains.Interfaces.Guilds;

namespace Asphalt.Gateway.Routing;

/// <summary>Where guild lifecycle events go (the gateway host calls the guild grains).</summary>
public interface IGuildDirectory
{
    Task RecordJoinedAsync(long guildId, GuildSnapshot snapshot);
    Task RecordLeftAsync(long guildId, DateTimeOffset at);
}

/// <summary>The bot's own voice state for a guild (VOICE_STATE_UPDATE): session_id is what Lavalink needs; channel null = left.</summary>
public sealed record VoiceStateEvent(int ShardId, long GuildId, long? ChannelId, long UserId, string SessionId);

/// <summary>A voice server for a guild (VOICE_SERVER_UPDATE): endpoint null while Discord allocates one.</summary>
public sealed record VoiceServerEvent(int ShardId, long GuildId, string Token, string? Endpoint);

/// <summary>The audio entry point: receives the bot's own voice events. The audio feature implements it.</summary>
public interface IVoiceEventSink
{
    ValueTask OnVoiceStateAsync(VoiceStateEvent voiceState);
    ValueTask OnVoiceServerAsync(VoiceServerEvent voiceServer);
}
