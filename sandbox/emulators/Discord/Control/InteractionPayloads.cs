using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Discord.Control;

/// <summary>INTERACTION_CREATE payloads (docs/interactions/Receiving_and_Responding.md, "Interaction Object").</summary>
public static class InteractionPayloads
{
    /// <summary>Interaction context types (docs/interactions/Receiving_and_Responding.md, "Interaction Context Types").</summary>
    private const int GuildContext = 0;
    private const int BotDmContext = 1;

    /// <summary>The object version Discord sends, always 1 (docs/interactions/Receiving_and_Responding.md, "Interaction Object").</summary>
    private const int InteractionVersion = 1;

    /// <summary>Upload limit of an unboosted guild in bytes (docs/interactions/Receiving_and_Responding.md, "attachment_size_limit").</summary>
    private const long AttachmentSizeLimit = 10 * 1024 * 1024;

    /// <param name="Guild">Null for a DM.</param>
    /// <param name="ResolveUser">The user object of a USER option's id for <c>data.resolved</c>; null leaves the id unresolved. Default: a synthesized user.</param>
    /// <param name="Channel">The guild channel, or the DM channel.</param>
    public sealed record SlashCommandSpec(
        ulong Id,
        string Token,
        ulong ApplicationId,
        InteractionType Type,
        ulong CommandId,
        string CommandName,
        IReadOnlyList<CommandOptionValue> Options,
        EmulatedGuild? Guild,
        EmulatedChannel Channel,
        EmulatedUser User,
        IReadOnlyList<ulong> RoleIds,
        ulong MemberPermissions,
        ulong AppPermissions,
        string Locale,
        Func<ulong, EmulatedUser?>? ResolveUser = null);

    /// <summary>An interaction token: opaque, long and unique like Discord's.</summary>
    public static string NewToken(ulong interactionId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"interaction:{interactionId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static JsonObject SlashCommand(SlashCommandSpec spec)
    {
        var data = new JsonObject
        {
            ["id"] = DiscordPayloads.Id(spec.CommandId),
            ["name"] = spec.CommandName,
            ["type"] = 1,
        };
        if (spec.Options.Count > 0)
        {
            data["options"] = new JsonArray([.. spec.Options.Select(o => (JsonNode)Option(o))]);
        }

        var resolvedUsers = Flatten(spec.Options).Where(o => o.Type == CommandOptionType.User).Select(o => Convert.ToUInt64(o.Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        if (resolvedUsers.Count > 0)
        {
            var users = new JsonObject();
            foreach (var userId in resolvedUsers)
            {
                if ((spec.ResolveUser is { } resolve ? resolve(userId) : EmulatedUser.Synthesize(userId)) is { } resolved)
                {
                    users[DiscordPayloads.Id(userId)] = DiscordPayloads.User(resolved);
                }
            }

            data["resolved"] = new JsonObject { ["users"] = users };
        }

        if (spec.Guild is { } guild)
        {
            data["guild_id"] = DiscordPayloads.Id(guild.Id);
        }

        return Envelope(spec, data);
    }

    /// <summary>A button click on <paramref name="message"/> (interaction type 3).</summary>
    public static JsonObject ButtonClick(SlashCommandSpec spec, string customId, JsonObject message)
    {
        var payload = Envelope(spec, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 });
        payload["message"] = message.DeepClone();
        return payload;
    }

    private static JsonObject Envelope(SlashCommandSpec spec, JsonObject data)
    {
        var payload = new JsonObject
        {
            ["id"] = DiscordPayloads.Id(spec.Id),
            ["application_id"] = DiscordPayloads.Id(spec.ApplicationId),
            ["type"] = (int)spec.Type,
            ["data"] = data,
            ["channel_id"] = DiscordPayloads.Id(spec.Channel.Id),
            ["token"] = spec.Token,
            ["version"] = InteractionVersion,
            ["locale"] = spec.Locale,
            ["app_permissions"] = spec.AppPermissions.ToString(CultureInfo.InvariantCulture),
            ["entitlements"] = new JsonArray(),
            ["attachment_size_limit"] = AttachmentSizeLimit,
        };

        if (spec.Guild is { } guild)
        {
            payload["guild_id"] = DiscordPayloads.Id(guild.Id);
            payload["guild"] = new JsonObject
            {
                ["id"] = DiscordPayloads.Id(guild.Id),
                ["locale"] = guild.PreferredLocale,
                ["features"] = new JsonArray(),
            };
            payload["guild_locale"] = guild.PreferredLocale;
            payload["channel"] = DiscordPayloads.Channel(spec.Channel, guild.Id);
            payload["member"] = DiscordPayloads.Member(spec.User, spec.RoleIds, guild.JoinedAt ?? DateTimeOffset.UtcNow, spec.MemberPermissions);
            payload["authorizing_integration_owners"] = new JsonObject { ["0"] = DiscordPayloads.Id(guild.Id) };
            payload["context"] = GuildContext;
        }
        else
        {
            payload["channel"] = new JsonObject
            {
                ["id"] = DiscordPayloads.Id(spec.Channel.Id),
                ["type"] = (int)ChannelType.Dm,
                ["flags"] = 0,
                ["recipients"] = new JsonArray(DiscordPayloads.User(spec.User)),
            };
            payload["user"] = DiscordPayloads.User(spec.User);
            payload["authorizing_integration_owners"] = new JsonObject { ["0"] = "0" };
            payload["context"] = BotDmContext;
        }

        return payload;
    }

    private static JsonObject Option(CommandOptionValue option)
    {
        var json = new JsonObject { ["name"] = option.Name, ["type"] = (int)option.Type };
        if (option.Options is { } nested)
        {
            json["options"] = new JsonArray([.. nested.Select(o => (JsonNode)Option(o))]);
        }
        else if (option.Value is not null)
        {
            json["value"] = option.Type switch
            {
                CommandOptionType.User or CommandOptionType.Channel or CommandOptionType.Role or CommandOptionType.Mentionable or CommandOptionType.Attachment
                    => (JsonNode)Convert.ToUInt64(option.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                CommandOptionType.Integer => Convert.ToInt64(option.Value, CultureInfo.InvariantCulture),
                CommandOptionType.Number => Convert.ToDouble(option.Value, CultureInfo.InvariantCulture),
                CommandOptionType.Boolean => Convert.ToBoolean(option.Value, CultureInfo.InvariantCulture),
                _ => Convert.ToString(option.Value, CultureInfo.InvariantCulture),
            };
        }

        if (option.Focused)
        {
            json["focused"] = true;
        }

        return json;
    }

    private static IEnumerable<CommandOptionValue> Flatten(IEnumerable<CommandOptionValue> options) =>
        options.SelectMany(o => o.Options is { } nested ? Flatten(nested) : [o]);
}
