using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asphalt.Gateway.Discord.Models;

/// <summary>Body of a 429 (Rate_Limits.md "Exceeding A Rate Limit"): retry_after in (fractional) seconds.</summary>
public sealed record RateLimitedResponse(double RetryAfter, bool Global = false, string? Message = null, int? Code = null);

/// <summary>Body of an error response (Opcodes_and_Status_Codes.md "JSON Error Codes").</summary>
public sealed record DiscordErrorResponse(int Code, string? Message = null);

public sealed record ApplicationInfo(string Id, string? Name = null);

/// <summary>Option types (Application_Commands.md "Application Command Option Type").</summary>
public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    User = 6,
    Channel = 7,
    Role = 8,
    Mentionable = 9,
    Number = 10,
    Attachment = 11,
}

/// <summary>One command of a bulk overwrite (PUT /applications/{id}/commands). Type 1 = CHAT_INPUT.</summary>
public sealed record ApplicationCommandPayload(
    string Name,
    string Description,
    IReadOnlyList<ApplicationCommandOptionPayload>? Options = null,
    int Type = 1);

public sealed record ApplicationCommandOptionPayload(
    ApplicationCommandOptionType Type,
    string Name,
    string Description,
    bool? Required = null,
    IReadOnlyList<ApplicationCommandChoicePayload>? Choices = null,
    double? MinValue = null,
    double? MaxValue = null,
    int? MinLength = null,
    int? MaxLength = null);

public sealed record ApplicationCommandChoicePayload(string Name, JsonElement Value);

/// <summary>Interaction types (Receiving_and_Responding.md "Interaction Type").</summary>
public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

public sealed record Interaction(
    string Id,
    string ApplicationId,
    InteractionType Type,
    string Token,
    InteractionData? Data = null,
    string? GuildId = null,
    string? ChannelId = null,
    GuildMember? Member = null,
    DiscordUser? User = null)
{
    /// <summary>The invoking user: <c>member.user</c> in a guild, <c>user</c> in a DM.</summary>
    [JsonIgnore] public DiscordUser? Invoker => Member?.User ?? User;
}

/// <summary><c>permissions</c>: the member's computed permissions in the channel, a decimal string of bits (Permissions.md).</summary>
public sealed record GuildMember(DiscordUser? User = null, string? Permissions = null);

public sealed record InteractionData(
    string Name,
    string? Id = null,
    int? Type = null,
    IReadOnlyList<InteractionDataOption>? Options = null,
    InteractionResolved? Resolved = null);

/// <summary>The objects that options refer to, keyed by snowflake (Receiving_and_Responding.md "Resolved Data Structure").</summary>
public sealed record InteractionResolved(IReadOnlyDictionary<string, DiscordUser>? Users = null);

public sealed record InteractionDataOption(
    string Name,
    ApplicationCommandOptionType Type,
    JsonElement? Value = null,
    IReadOnlyList<InteractionDataOption>? Options = null,
    bool? Focused = null);

/// <summary>Callback types (Receiving_and_Responding.md "Interaction Callback Type").</summary>
public enum InteractionCallbackType
{
    Pong = 1,
    ChannelMessageWithSource = 4,
    DeferredChannelMessageWithSource = 5,
    DeferredUpdateMessage = 6,
    UpdateMessage = 7,
    ApplicationCommandAutocompleteResult = 8,
}

public sealed record InteractionResponse(InteractionCallbackType Type, InteractionCallbackData? Data = null);

public sealed record InteractionCallbackData(
    string? Content = null,
    int? Flags = null,
    IReadOnlyList<ApplicationCommandChoicePayload>? Choices = null,
    IReadOnlyList<DiscordEmbed>? Embeds = null);

/// <summary>Body of PATCH …/messages/@original and POST /webhooks/{app}/{token} (follow-ups).</summary>
public sealed record WebhookMessage(string? Content = null, int? Flags = null, IReadOnlyList<DiscordEmbed>? Embeds = null);

/// <summary>A rich embed (Message.md "Embed Object"); only the parts the bot uses.</summary>
public sealed record DiscordEmbed(
    string? Title = null,
    string? Description = null,
    int? Color = null,
    IReadOnlyList<EmbedField>? Fields = null,
    EmbedFooter? Footer = null);

public sealed record EmbedField(string Name, string Value, bool? Inline = null);

public sealed record EmbedFooter(string Text);

public sealed record DiscordMessage(string Id, string? ChannelId = null, string? Content = null);
