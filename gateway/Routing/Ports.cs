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

/// <summary>Another user's VOICE_STATE_UPDATE: joined, moved, or left (<c>channel_id</c> null).</summary>
public sealed record MemberVoiceStateEvent(int ShardId, long GuildId, long UserId, long? ChannelId, bool IsBot);

/// <summary>
/// Who is in which voice channel when a guild becomes available (GUILD_CREATE <c>voice_states</c>): the humans
/// (users that GUILD_CREATE's members mark as bots are left out), and the channel of the bot itself.
/// </summary>
public sealed record GuildVoiceStatesEvent(int ShardId, long GuildId, IReadOnlyList<(long UserId, long ChannelId)> Members, long? BotChannelId);

/// <summary>
/// The audio entry point: receives the bot's own voice events, and the voice moves of everyone else.
/// The audio feature implements it; the member methods default to doing nothing.
/// </summary>
public interface IVoiceEventSink
{
    ValueTask OnVoiceStateAsync(VoiceStateEvent voiceState);
    ValueTask OnVoiceServerAsync(VoiceServerEvent voiceServer);
    ValueTask OnMemberVoiceStateAsync(MemberVoiceStateEvent memberState) => ValueTask.CompletedTask;
    ValueTask OnGuildVoiceStatesAsync(GuildVoiceStatesEvent guildStates) => ValueTask.CompletedTask;

    /// <summary>GUILD_DELETE (left, or unavailable in an outage): what was known of its voice channels is stale.</summary>
    ValueTask OnGuildGoneAsync(long guildId) => ValueTask.CompletedTask;
}
