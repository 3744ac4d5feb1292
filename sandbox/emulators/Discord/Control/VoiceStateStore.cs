using System.Collections.Concurrent;

namespace Asphalt.Emulators.Discord.Control;

/// <summary>Who is in which voice channel, as Discord would know it: what GUILD_CREATE's voice_states report.</summary>
internal sealed class VoiceStateStore
{
    private readonly ConcurrentDictionary<(ulong Guild, ulong User), (ulong Channel, string SessionId)> _states = new();

    public void Set(ulong guildId, ulong userId, ulong? channelId, string sessionId)
    {
        if (channelId is { } channel) _states[(guildId, userId)] = (channel, sessionId);
        else _states.TryRemove((guildId, userId), out _);
    }

    public IReadOnlyList<(ulong UserId, ulong ChannelId, string SessionId)> In(ulong guildId) =>
        [.. _states.Where(s => s.Key.Guild == guildId).Select(s => (s.Key.User, s.Value.Channel, s.Value.SessionId))];
}
