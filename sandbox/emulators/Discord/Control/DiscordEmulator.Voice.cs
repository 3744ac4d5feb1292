using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Gateway;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord;

/// <summary>Control API: voice channels (docs/topics/Gateway_Events.md, "Voice State Update", "Voice Server Update").</summary>
public sealed partial class DiscordEmulator
{
    /// <summary>
    /// Puts <paramref name="userId"/> in <paramref name="channelId"/> of the guild (null: out of voice). Later GUILD_CREATEs
    /// list it in voice_states; when a shard session holds the guild, a VOICE_STATE_UPDATE is dispatched now (its seq is returned).
    /// </summary>
    public async Task<long?> SetVoiceStateAsync(ulong guildId, ulong userId, ulong? channelId, string? sessionId = null)
    {
        var guild = _context.Guilds.GetValueOrDefault(guildId) ?? throw new ArgumentException($"Guild {guildId} is not in the emulator's options.", nameof(guildId));
        if (channelId is { } cid && !guild.Channels.Any(c => c.Id == cid && c.Type == ChannelType.GuildVoice))
            throw new ArgumentException($"Channel {cid} is not a voice channel of guild {guildId}.", nameof(channelId));
        sessionId ??= "voice-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        _context.VoiceStates.Set(guildId, userId, channelId, sessionId);
        if (_context.Gateway.SessionForGuild(guildId) is not { } session) return null;
        var user = userId == _context.BotUser.Id ? _context.BotUser : _context.UserOf(userId);
        var payload = DiscordPayloads.VoiceState(guild, user, channelId, sessionId, withGuildId: true);
        return await session.DispatchAsync("VOICE_STATE_UPDATE", DiscordJson.SerializeToUtf8Bytes(payload)).ConfigureAwait(false);
    }

    /// <summary>VOICE_SERVER_UPDATE for the guild, as Discord sends it after the bot's op 4; <paramref name="endpoint"/> null = still allocating.</summary>
    public Task<long> DispatchVoiceServerUpdateAsync(ulong guildId, string token, string? endpoint)
    {
        var session = _context.Gateway.SessionForGuild(guildId) ?? throw new InvalidOperationException($"No shard session holds guild {guildId}.");
        var payload = new JsonObject { ["token"] = token, ["guild_id"] = DiscordPayloads.Id(guildId), ["endpoint"] = endpoint };
        return session.DispatchAsync("VOICE_SERVER_UPDATE", DiscordJson.SerializeToUtf8Bytes(payload));
    }

    /// <summary>The <paramref name="occurrence"/>-th op 4 the client sent for <paramref name="guildId"/>.</summary>
    public Task<ClientPayloadRecord> WaitForVoiceStateRequestAsync(ulong guildId, TimeSpan? timeout = null, int occurrence = 1) =>
        Log.ClientPayloads.WaitForCountAsync(
            p => p.Op == GatewayOpcodes.VoiceStateUpdate && p.Data?["guild_id"]?.GetValue<string>() == DiscordPayloads.Id(guildId), occurrence, timeout);
}
