using System.Globalization;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord.Control;

/// <summary>
/// Builds dispatch payloads shaped like Discord's (docs/topics/Gateway_Events.md and docs/resources/*):
/// snowflakes as strings, permissions as decimal strings, ISO 8601 timestamps, explicit nulls.
/// </summary>
public static class DiscordPayloads
{
    public static string Id(ulong snowflake) => snowflake.ToString(CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    public static JsonObject User(EmulatedUser user)
    {
        var json = new JsonObject
        {
            ["id"] = Id(user.Id),
            ["username"] = user.Username,
            ["global_name"] = user.GlobalName,
            ["discriminator"] = "0",
            ["avatar"] = null,
            ["public_flags"] = 0,
        };
        if (user.Bot)
        {
            json["bot"] = true;
        }

        return json;
    }

    public static JsonObject Member(EmulatedUser user, IEnumerable<ulong> roleIds, DateTimeOffset joinedAt, ulong? permissions = null)
    {
        var json = new JsonObject
        {
            ["user"] = User(user),
            ["nick"] = null,
            ["avatar"] = null,
            ["roles"] = new JsonArray([.. roleIds.Select(r => (JsonNode)Id(r))]),
            ["joined_at"] = Timestamp(joinedAt),
            ["premium_since"] = null,
            ["deaf"] = false,
            ["mute"] = false,
            ["flags"] = 0,
            ["pending"] = false,
            ["communication_disabled_until"] = null,
        };
        if (permissions is { } value)
        {
            json["permissions"] = value.ToString(CultureInfo.InvariantCulture);
        }

        return json;
    }

    public static JsonObject Channel(EmulatedChannel channel, ulong? guildId)
    {
        var json = new JsonObject
        {
            ["id"] = Id(channel.Id),
            ["type"] = (int)channel.Type,
            ["name"] = channel.Name,
            ["position"] = channel.Position,
            ["parent_id"] = channel.ParentId is { } parent ? Id(parent) : null,
            ["permission_overwrites"] = new JsonArray(),
            ["flags"] = 0,
        };
        if (guildId is { } gid)
        {
            json["guild_id"] = Id(gid);
        }

        switch (channel.Type)
        {
            case ChannelType.GuildText:
                json["topic"] = null;
                json["nsfw"] = false;
                json["rate_limit_per_user"] = 0;
                json["last_message_id"] = null;
                break;
            case ChannelType.GuildVoice:
                json["bitrate"] = 64_000;
                json["user_limit"] = 0;
                json["rtc_region"] = null;
                break;
        }

        return json;
    }

    public static JsonObject Role(EmulatedRole role) => new()
    {
        ["id"] = Id(role.Id),
        ["name"] = role.Name,
        ["color"] = role.Color,
        ["hoist"] = role.Hoist,
        ["icon"] = null,
        ["unicode_emoji"] = null,
        ["position"] = role.Position,
        ["permissions"] = role.Permissions.ToString(CultureInfo.InvariantCulture),
        ["managed"] = role.Managed,
        ["mentionable"] = role.Mentionable,
        ["flags"] = 0,
    };

    /// <summary>A voice state (docs/resources/Voice.md, "Voice State Object"); GUILD_CREATE's leave out guild_id.</summary>
    public static JsonObject VoiceState(EmulatedGuild guild, EmulatedUser user, ulong? channelId, string sessionId, bool withGuildId)
    {
        var json = new JsonObject
        {
            ["channel_id"] = channelId is { } channel ? Id(channel) : null,
            ["user_id"] = Id(user.Id),
            ["member"] = Member(user, [], guild.JoinedAt ?? DateTimeOffset.UtcNow),
            ["session_id"] = sessionId,
            ["deaf"] = false,
            ["mute"] = false,
            ["self_deaf"] = false,
            ["self_mute"] = false,
            ["self_video"] = false,
            ["suppress"] = false,
            ["request_to_speak_timestamp"] = null,
        };
        if (withGuildId)
        {
            json["guild_id"] = Id(guild.Id);
        }

        return json;
    }

    /// <summary>GUILD_CREATE for a guild the bot is in (docs/topics/Gateway_Events.md, "Guild Create"), with who is in voice.</summary>
    public static JsonObject GuildCreate(EmulatedGuild guild, EmulatedUser bot, IReadOnlyList<(EmulatedUser User, ulong ChannelId, string SessionId)>? voiceStates = null)
    {
        var joinedAt = guild.JoinedAt ?? SnowflakeGenerator.TimestampOf(guild.Id).AddDays(1);
        var botRoles = guild.Roles.Where(r => r.Managed).Select(r => r.Id);
        return new JsonObject
        {
            ["id"] = Id(guild.Id),
            ["name"] = guild.Name,
            ["icon"] = null,
            ["splash"] = null,
            ["banner"] = null,
            ["description"] = null,
            ["owner_id"] = Id(guild.OwnerId),
            ["afk_channel_id"] = null,
            ["afk_timeout"] = 300,
            ["verification_level"] = 1,
            ["default_message_notifications"] = 1,
            ["explicit_content_filter"] = 2,
            ["mfa_level"] = 0,
            ["premium_tier"] = 0,
            ["premium_subscription_count"] = 0,
            ["system_channel_id"] = guild.Channels.FirstOrDefault(c => c.Type == ChannelType.GuildText) is { } system ? Id(system.Id) : null,
            ["preferred_locale"] = guild.PreferredLocale,
            ["features"] = new JsonArray(),
            ["nsfw_level"] = 0,
            ["max_members"] = 500_000,
            ["joined_at"] = Timestamp(joinedAt),
            ["large"] = guild.MemberCount > 250,
            ["unavailable"] = false,
            ["member_count"] = guild.MemberCount,
            ["roles"] = new JsonArray([.. guild.Roles.Select(r => (JsonNode)Role(r))]),
            ["emojis"] = new JsonArray(),
            ["stickers"] = new JsonArray(),
            ["channels"] = new JsonArray([.. guild.Channels.Select(c => (JsonNode)Channel(c, guildId: null))]),
            ["threads"] = new JsonArray(),
            ["members"] = new JsonArray([Member(bot, botRoles, joinedAt), .. (voiceStates ?? []).Where(v => v.User.Id != bot.Id).Select(v => (JsonNode)Member(v.User, [], joinedAt))]),
            ["voice_states"] = new JsonArray([.. (voiceStates ?? []).Select(v => (JsonNode)VoiceState(guild, v.User, v.ChannelId, v.SessionId, withGuildId: false))]),
            ["presences"] = new JsonArray(),
            ["stage_instances"] = new JsonArray(),
            ["guild_scheduled_events"] = new JsonArray(),
            ["soundboard_sounds"] = new JsonArray(),
        };
    }

    /// <summary>A message object (docs/resources/Message.md, "Message Object").</summary>
    public static JsonObject Message(ulong id, ulong channelId, ulong? guildId, EmulatedUser author, string content, DateTimeOffset at, int type = 0)
    {
        var json = new JsonObject
        {
            ["id"] = Id(id),
            ["type"] = type,
            ["channel_id"] = Id(channelId),
            ["author"] = User(author),
            ["content"] = content,
            ["timestamp"] = Timestamp(at),
            ["edited_timestamp"] = null,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["components"] = new JsonArray(),
            ["pinned"] = false,
            ["flags"] = 0,
            ["nonce"] = null,
        };
        if (guildId is { } gid)
        {
            json["guild_id"] = Id(gid);
        }

        return json;
    }

    /// <summary>MESSAGE_CREATE: a message plus guild_id and the author's member (docs/topics/Gateway_Events.md, "Message Create").</summary>
    public static JsonObject MessageCreate(ulong id, EmulatedGuild guild, EmulatedChannel channel, EmulatedUser author, string content, DateTimeOffset at)
    {
        var json = Message(id, channel.Id, guild.Id, author, content, at);
        var member = Member(author, [], guild.JoinedAt ?? at);
        member.Remove("user");
        json["member"] = member;
        return json;
    }

    /// <summary>PRESENCE_UPDATE (docs/topics/Gateway_Events.md, "Presence Update").</summary>
    public static JsonObject PresenceUpdate(EmulatedGuild guild, EmulatedUser user, string status, string? activityName)
    {
        var activities = new JsonArray();
        if (activityName is not null)
        {
            activities.Add(new JsonObject
            {
                ["name"] = activityName,
                ["type"] = 0,
                ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            });
        }

        return new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = Id(user.Id) },
            ["guild_id"] = Id(guild.Id),
            ["status"] = status,
            ["activities"] = activities,
            ["client_status"] = new JsonObject { ["desktop"] = status },
        };
    }
}
