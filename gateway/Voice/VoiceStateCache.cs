using System.Collections.Concurrent;

namespace Asphalt.Gateway.Voice;

/// <summary>
/// Who is in which voice channel, for the guilds of this instance's shards: guild → user → channel, holding
/// only users who are in a channel right now (a few bytes each; guilds with nobody in voice cost nothing but
/// their id in <see cref="IsKnown"/>'s set). Fed by GUILD_CREATE's voice_states and every VOICE_STATE_UPDATE,
/// so a command can tell at once, without a grain call, whether its user is in voice and where.
/// Other bots are not kept; the bot itself is, under its own user id.
/// </summary>
public sealed class VoiceStateCache
{
    private readonly ConcurrentDictionary<long, Dictionary<long, long>> _guilds = new();
    private readonly ConcurrentDictionary<long, byte> _known = new();

    /// <summary>True once a GUILD_CREATE told who is in voice: before that, "not in voice" cannot be told from "not known".</summary>
    public bool IsKnown(long guildId) => _known.ContainsKey(guildId);

    public int GuildsWithVoice => _guilds.Count;

    /// <summary>The voice channel the user is in, null when none (or not known).</summary>
    public long? ChannelOf(long guildId, long userId)
    {
        if (!_guilds.TryGetValue(guildId, out var users)) return null;
        lock (users) return users.TryGetValue(userId, out var channel) ? channel : null;
    }

    /// <summary>The users in the channel, except <paramref name="except"/> (the bot itself).</summary>
    public IReadOnlyList<long> UsersIn(long guildId, long channelId, long except)
    {
        if (!_guilds.TryGetValue(guildId, out var users)) return [];
        lock (users) return users.Where(u => u.Value == channelId && u.Key != except).Select(u => u.Key).ToArray();
    }

    /// <summary>Replaces what is known of the guild (GUILD_CREATE).</summary>
    public void Seed(long guildId, IEnumerable<(long UserId, long ChannelId)> states)
    {
        var users = new Dictionary<long, long>();
        foreach (var (user, channel) in states) users[user] = channel;
        if (users.Count == 0) _guilds.TryRemove(guildId, out _);
        else _guilds[guildId] = users;
        _known[guildId] = 0;
    }

    /// <summary>Records a join, move or leave (<paramref name="channelId"/> null); returns the channel the user was in before.</summary>
    public long? Set(long guildId, long userId, long? channelId)
    {
        while (true)
        {
            if (channelId is not { } channel)
            {
                if (!_guilds.TryGetValue(guildId, out var existing)) return null;
                lock (existing)
                {
                    if (!existing.Remove(userId, out var before)) return null;
                    // An emptied guild leaves the map; a writer that raced with us retries on the fresh entry.
                    if (existing.Count == 0) _guilds.TryRemove(new KeyValuePair<long, Dictionary<long, long>>(guildId, existing));
                    return before;
                }
            }
            var users = _guilds.GetOrAdd(guildId, _ => []);
            lock (users)
            {
                if (!_guilds.TryGetValue(guildId, out var current) || !ReferenceEquals(current, users)) continue; // removed meanwhile
                long? before = users.TryGetValue(userId, out var was) ? was : null;
                users[userId] = channel;
                return before;
            }
        }
    }

    /// <summary>The guild is gone or unavailable: forget it until its next GUILD_CREATE.</summary>
    public void Forget(long guildId)
    {
        _guilds.TryRemove(guildId, out _);
        _known.TryRemove(guildId, out _);
    }
}
