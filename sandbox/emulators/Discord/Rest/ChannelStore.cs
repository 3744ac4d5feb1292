using System.Collections.Concurrent;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>The channels messages can be posted to: the guilds' text channels and DM channels opened over REST.</summary>
internal sealed class ChannelStore
{
    private readonly ConcurrentDictionary<ulong, KnownChannel> _channels = new();
    private readonly ConcurrentDictionary<ulong, KnownChannel> _dmByRecipient = new();
    private readonly SnowflakeGenerator _snowflakes;

    public ChannelStore(IEnumerable<EmulatedGuild> guilds, SnowflakeGenerator snowflakes)
    {
        _snowflakes = snowflakes;
        foreach (var guild in guilds)
        {
            foreach (var channel in guild.Channels)
            {
                _channels[channel.Id] = new KnownChannel(channel, guild.Id, null);
            }
        }
    }

    public KnownChannel? Find(ulong channelId) => _channels.GetValueOrDefault(channelId);

    /// <summary>The DM channel with a user; the same one every time (docs/resources/User.md, "Create DM").</summary>
    public KnownChannel OpenDm(EmulatedUser recipient) => _dmByRecipient.GetOrAdd(recipient.Id, _ =>
    {
        var channel = new KnownChannel(new EmulatedChannel(_snowflakes.Next(), "", ChannelType.Dm), null, recipient);
        _channels[channel.Channel.Id] = channel;
        return channel;
    });
}

/// <summary>A channel and where it lives: a guild, or a DM with <paramref name="Recipient"/>.</summary>
internal sealed record KnownChannel(EmulatedChannel Channel, ulong? GuildId, EmulatedUser? Recipient);
