namespace Asphalt.Emulators.Discord.Models;

/// <summary>Interaction types (docs/interactions/Receiving_and_Responding.md, "Interaction Type").</summary>
public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    ApplicationCommandAutocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>Interaction callback types (docs/interactions/Receiving_and_Responding.md, "Interaction Callback Type").</summary>
public static class InteractionCallbackTypes
{
    public const int Pong = 1;
    public const int ChannelMessageWithSource = 4;
    public const int DeferredChannelMessageWithSource = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int ApplicationCommandAutocompleteResult = 8;
    public const int Modal = 9;

    public static bool IsDeferred(int type) => type is DeferredChannelMessageWithSource or DeferredUpdateMessage;

    /// <summary>Which callbacks each interaction type accepts (docs/interactions/Receiving_and_Responding.md, "Responding to an Interaction").</summary>
    public static bool IsValidFor(InteractionType interaction, int callback) => interaction switch
    {
        InteractionType.ApplicationCommand => callback is ChannelMessageWithSource or DeferredChannelMessageWithSource or Modal,
        InteractionType.MessageComponent => callback is ChannelMessageWithSource or DeferredChannelMessageWithSource or DeferredUpdateMessage or UpdateMessage or Modal,
        InteractionType.ApplicationCommandAutocomplete => callback is ApplicationCommandAutocompleteResult,
        InteractionType.ModalSubmit => callback is ChannelMessageWithSource or DeferredChannelMessageWithSource or DeferredUpdateMessage or UpdateMessage,
        _ => callback is Pong,
    };
}

/// <summary>Application command option types (docs/interactions/Application_Commands.md, "Application Command Option Type").</summary>
public enum CommandOptionType
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

/// <summary>An option of an invoked command, as it appears in <c>data.options</c> of INTERACTION_CREATE.</summary>
public sealed record CommandOptionValue(string Name, CommandOptionType Type, object? Value = null, IReadOnlyList<CommandOptionValue>? Options = null, bool Focused = false)
{
    public static CommandOptionValue String(string name, string value, bool focused = false) => new(name, CommandOptionType.String, value, Focused: focused);

    public static CommandOptionValue Integer(string name, long value) => new(name, CommandOptionType.Integer, value);

    public static CommandOptionValue Number(string name, double value) => new(name, CommandOptionType.Number, value);

    public static CommandOptionValue Boolean(string name, bool value) => new(name, CommandOptionType.Boolean, value);

    /// <summary>A USER option; the user is also added to <c>data.resolved</c>.</summary>
    public static CommandOptionValue User(string name, ulong userId) => new(name, CommandOptionType.User, userId);

    public static CommandOptionValue Channel(string name, ulong channelId) => new(name, CommandOptionType.Channel, channelId);

    public static CommandOptionValue Role(string name, ulong roleId) => new(name, CommandOptionType.Role, roleId);

    public static CommandOptionValue SubCommand(string name, params CommandOptionValue[] options) => new(name, CommandOptionType.SubCommand, Options: options);

    public static CommandOptionValue SubCommandGroup(string name, params CommandOptionValue[] subCommands) => new(name, CommandOptionType.SubCommandGroup, Options: subCommands);
}
