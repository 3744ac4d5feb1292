using Asphalt.Gateway.Routing;
using Asphalt.Gateway.Telemetry;
using Asphalt.Grains.Interfaces.Audio;
using Microsoft.Extensions.Logging;

namespace Asphalt.Gateway.Voice;

/// <summary>
/// The voice sink of the audio feature. Keeps <see cref="VoiceStateCache"/> current and tells the guild's
/// <see cref="IAudioPlayerGrain"/> what it needs:
/// <list type="bullet">
/// <item>the bot's own VOICE_STATE_UPDATE (session_id, channel) and VOICE_SERVER_UPDATE (token, endpoint);</item>
/// <item>when the bot arrives in a channel, everyone already there (from the cache) — the grain's listeners;</item>
/// <item>afterwards, members joining or leaving the bot's channel. Voice moves elsewhere, and in guilds where
/// the bot is not in voice, stay in the cache and never wake a grain.</item>
/// </list>
/// GUILD_CREATE's voice_states seed the cache only; a player that is already connected learns its listeners
/// lazily from the next moves (its own listener set is transient).
/// </summary>
/// <param name="botUserId">The bot's own user id once READY told it (the host reads it from the shards).</param>
public sealed class AudioVoiceEventSink(IGrainFactory grains, VoiceStateCache cache, VoiceDeliveryLanes lanes, GatewayMetrics metrics,
    Func<long?> botUserId, ILogger<AudioVoiceEventSink> logger) : IVoiceEventSink
{
    public ValueTask OnVoiceStateAsync(VoiceStateEvent voiceState)
    {
        metrics.VoiceEvent("VOICE_STATE_UPDATE");
        var before = cache.Set(voiceState.GuildId, voiceState.UserId, voiceState.ChannelId);
        var player = grains.GetGrain<IAudioPlayerGrain>(voiceState.GuildId);
        // Arrived in (or moved to) a channel: the people already there are its listeners.
        var listeners = voiceState.ChannelId is { } channel && channel != before
            ? cache.UsersIn(voiceState.GuildId, channel, except: voiceState.UserId)
            : [];
        logger.LogInformation("Voice state of the bot in guild {GuildId}: channel {ChannelId} ({Listeners} listeners there)", voiceState.GuildId,
            voiceState.ChannelId?.ToString() ?? "none", listeners.Count);
        return lanes.EnqueueAsync(voiceState.GuildId, async () =>
        {
            await player.OnVoiceStateAsync(new VoiceStateUpdate(voiceState.ChannelId, voiceState.SessionId));
            foreach (var user in listeners) await player.OnMemberVoiceStateAsync(user, voiceState.ChannelId);
        });
    }

    public ValueTask OnVoiceServerAsync(VoiceServerEvent voiceServer)
    {
        metrics.VoiceEvent("VOICE_SERVER_UPDATE");
        logger.LogInformation("Voice server for guild {GuildId}: {Endpoint}", voiceServer.GuildId, voiceServer.Endpoint ?? "(allocating)"); // never the token
        var player = grains.GetGrain<IAudioPlayerGrain>(voiceServer.GuildId);
        return lanes.EnqueueAsync(voiceServer.GuildId, () => player.OnVoiceServerAsync(new VoiceServerUpdate(voiceServer.Token, voiceServer.Endpoint)));
    }

    public ValueTask OnMemberVoiceStateAsync(MemberVoiceStateEvent memberState)
    {
        if (memberState.IsBot) return ValueTask.CompletedTask; // bots neither vote nor keep the bot company
        var before = cache.Set(memberState.GuildId, memberState.UserId, memberState.ChannelId);
        if (before == memberState.ChannelId) return ValueTask.CompletedTask; // mute, deafen, stream … : no move
        if (BotChannel(memberState.GuildId) is not { } botChannel || (before != botChannel && memberState.ChannelId != botChannel))
            return ValueTask.CompletedTask;
        var player = grains.GetGrain<IAudioPlayerGrain>(memberState.GuildId);
        return lanes.EnqueueAsync(memberState.GuildId, () => player.OnMemberVoiceStateAsync(memberState.UserId, memberState.ChannelId));
    }

    public ValueTask OnGuildVoiceStatesAsync(GuildVoiceStatesEvent guildStates)
    {
        var states = guildStates.Members.AsEnumerable();
        if (guildStates.BotChannelId is { } botChannel && botUserId() is { } bot) states = states.Append((bot, botChannel));
        cache.Seed(guildStates.GuildId, states);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnGuildGoneAsync(long guildId)
    {
        cache.Forget(guildId);
        return ValueTask.CompletedTask;
    }

    private long? BotChannel(long guildId) => botUserId() is { } bot ? cache.ChannelOf(guildId, bot) : null;
}
