using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Emulators.Discord.Rest;

namespace Asphalt.Emulators.Discord;

/// <summary>Where and with which rights an interaction happens; everything defaults to an ordinary member in the guild's first text channel.</summary>
public sealed record InteractionSettings
{
    public ulong? ChannelId { get; init; }

    public IReadOnlyList<ulong> RoleIds { get; init; } = [];

    public string Locale { get; init; } = "en-US";

    public ulong AppPermissions { get; init; } = Permissions.DefaultBot;

    /// <summary>User ids that USER options name but <c>data.resolved</c> leaves out (a user Discord cannot resolve).</summary>
    public IReadOnlyList<ulong> UnresolvedUserIds { get; init; } = [];
}

/// <summary>Control API: interactions as a user would trigger them.</summary>
public sealed partial class DiscordEmulator
{
    /// <summary>
    /// User <paramref name="userId"/> runs <c>/<paramref name="name"/></c> in <paramref name="guildId"/> (null: in a DM
    /// with the bot). INTERACTION_CREATE goes to the shard that holds the guild (DMs: shard 0), which must have identified.
    /// </summary>
    public Task<EmulatedInteraction> SendSlashCommandAsync(
        ulong? guildId,
        ulong userId,
        string name,
        IReadOnlyList<CommandOptionValue>? options = null,
        ulong? memberPermissions = null,
        InteractionSettings? settings = null) =>
        SendAsync(InteractionType.ApplicationCommand, guildId, userId, name, options ?? [], memberPermissions, settings, null, null);

    /// <summary>An autocomplete request while typing; mark the option being typed with <c>Focused</c>.</summary>
    public Task<EmulatedInteraction> SendAutocompleteAsync(
        ulong? guildId,
        ulong userId,
        string name,
        IReadOnlyList<CommandOptionValue> options,
        InteractionSettings? settings = null) =>
        SendAsync(InteractionType.ApplicationCommandAutocomplete, guildId, userId, name, options, null, settings, null, null);

    /// <summary>A click on a button with <paramref name="customId"/> on <paramref name="message"/> (e.g. a bot reply).</summary>
    public Task<EmulatedInteraction> SendButtonClickAsync(
        ulong? guildId,
        ulong userId,
        string customId,
        JsonObject message,
        InteractionSettings? settings = null) =>
        SendAsync(InteractionType.MessageComponent, guildId, userId, "", [], null, settings, customId, message);

    /// <summary>
    /// Delivers <paramref name="interaction"/>'s INTERACTION_CREATE again, unchanged (same id and token), on the
    /// shard's current session: a duplicate delivery. Its callbacks go to the same interaction, so a second
    /// initial response is refused with 40060 (already acknowledged), as Discord does. Returns the new seq.
    /// </summary>
    public async Task<long> RedeliverAsync(EmulatedInteraction interaction)
    {
        var session = _context.Gateway.SessionForGuild(interaction.GuildId)
            ?? throw new InvalidOperationException($"No shard session holds {(interaction.GuildId is null ? "DMs (shard 0)" : $"guild {interaction.GuildId}")}.");
        return await session.DispatchAsync("INTERACTION_CREATE", DiscordJson.SerializeToUtf8Bytes(interaction.Payload)).ConfigureAwait(false);
    }

    private async Task<EmulatedInteraction> SendAsync(
        InteractionType type,
        ulong? guildId,
        ulong userId,
        string name,
        IReadOnlyList<CommandOptionValue> options,
        ulong? memberPermissions,
        InteractionSettings? settings,
        string? customId,
        JsonObject? sourceMessage)
    {
        settings ??= new InteractionSettings();
        var user = _context.UserOf(userId);
        EmulatedGuild? guild = null;
        EmulatedChannel channel;
        if (guildId is { } gid)
        {
            guild = _context.Guilds.GetValueOrDefault(gid) ?? throw new ArgumentException($"Guild {gid} is not in the emulator's options.", nameof(guildId));
            channel = settings.ChannelId is { } cid
                ? guild.Channels.FirstOrDefault(c => c.Id == cid) ?? throw new ArgumentException($"Channel {cid} is not in guild {gid}.", nameof(settings))
                : guild.DefaultTextChannel;
        }
        else
        {
            channel = _context.Channels.OpenDm(user).Channel;
        }

        var session = _context.Gateway.SessionForGuild(guildId)
            ?? throw new InvalidOperationException($"No shard session holds {(guildId is null ? "DMs (shard 0)" : $"guild {guildId}")}; wait for the shard to identify first.");

        var now = _context.Time.GetUtcNow();
        var id = _context.Snowflakes.Next(now);
        var commandId = RestJson.AsString(_context.Commands.FindChatInput(guildId, name)?["id"]) is { } registered
            ? ulong.Parse(registered, System.Globalization.CultureInfo.InvariantCulture)
            : _context.Snowflakes.Next(now);
        var spec = new InteractionPayloads.SlashCommandSpec(
            id, InteractionPayloads.NewToken(id), Options.ApplicationId, type, commandId, name, options, guild, channel, user,
            settings.RoleIds, memberPermissions ?? Permissions.DefaultMember, settings.AppPermissions, settings.Locale,
            userId => settings.UnresolvedUserIds.Contains(userId) ? null : _context.UserOf(userId));
        var payload = type == InteractionType.MessageComponent
            ? InteractionPayloads.ButtonClick(spec, customId!, sourceMessage!)
            : InteractionPayloads.SlashCommand(spec);

        var interaction = new EmulatedInteraction(id, spec.Token, type, session.ShardId, guildId, channel.Id, user, payload, now)
        {
            SourceMessage = sourceMessage?.DeepClone().AsObject(),
        };
        _context.Interactions.Add(interaction);
        interaction.Seq = await session.DispatchAsync("INTERACTION_CREATE", DiscordJson.SerializeToUtf8Bytes(payload)).ConfigureAwait(false);
        return interaction;
    }
}
