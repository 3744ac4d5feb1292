namespace Asphalt.Emulators.Discord;

/// <summary>Discord's documented numbers, each named once with the page it comes from.</summary>
public static class DiscordLimits
{
    /// <summary>The API version this emulator speaks (docs/reference.md, "API Versioning").</summary>
    public const int ApiVersion = 10;

    /// <summary>Guilds one shard may hold before 4011 "Sharding required" (docs/topics/Gateway.md, "Sharding").</summary>
    public const int MaxGuildsPerShard = 2500;

    /// <summary>Largest client payload in bytes; larger ones close with 4002 (docs/topics/Gateway.md, "Sending Events").</summary>
    public const int MaxClientPayloadBytes = 4096;

    /// <summary>Client payloads allowed per window before 4008 (docs/topics/Gateway.md, "Rate Limiting").</summary>
    public const int MaxClientPayloadsPerWindow = 120;

    /// <summary>The window of <see cref="MaxClientPayloadsPerWindow"/> (docs/topics/Gateway.md, "Rate Limiting").</summary>
    public static readonly TimeSpan ClientPayloadWindow = TimeSpan.FromSeconds(60);

    /// <summary>One IDENTIFY per concurrency bucket per this interval (docs/topics/Gateway.md, "max_concurrency").</summary>
    public static readonly TimeSpan IdentifyInterval = TimeSpan.FromSeconds(5);

    /// <summary>Daily IDENTIFY budget of a bot (docs/topics/Gateway.md, "Session Start Limit Object").</summary>
    public const int DefaultSessionStartLimit = 1000;

    /// <summary>Window after which the session start budget resets (docs/topics/Gateway.md, "Session Start Limit Object").</summary>
    public static readonly TimeSpan SessionStartLimitWindow = TimeSpan.FromHours(24);

    /// <summary>Discord's default heartbeat interval in HELLO (docs/topics/Gateway.md, "Hello Event" example).</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromMilliseconds(41_250);

    /// <summary>An interaction must be answered within this time (docs/interactions/Receiving_and_Responding.md, "Responding to an Interaction").</summary>
    public static readonly TimeSpan InteractionCallbackDeadline = TimeSpan.FromSeconds(3);

    /// <summary>Interaction tokens stay valid this long for follow-ups and edits (docs/interactions/Receiving_and_Responding.md, "Followup Messages").</summary>
    public static readonly TimeSpan InteractionTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Global REST requests per second of a bot (docs/topics/Rate_Limits.md, "Global Rate Limit").</summary>
    public const int DefaultGlobalRequestsPerSecond = 50;

    /// <summary>Longest message content (docs/resources/Message.md, "Create Message").</summary>
    public const int MaxMessageContentLength = 2000;

    /// <summary>Most embeds in a message (docs/resources/Message.md, "Create Message").</summary>
    public const int MaxEmbedsPerMessage = 10;

    /// <summary>Length range of command and option names (docs/interactions/Application_Commands.md, "Application Command Naming").</summary>
    public const int MaxCommandNameLength = 32;

    /// <summary>Longest command or option description (docs/interactions/Application_Commands.md, "Application Command Structure").</summary>
    public const int MaxCommandDescriptionLength = 100;

    /// <summary>Most options of a command or sub-command (docs/interactions/Application_Commands.md, "Application Command Structure").</summary>
    public const int MaxCommandOptions = 25;

    /// <summary>Most choices of an option (docs/interactions/Application_Commands.md, "Application Command Option Structure").</summary>
    public const int MaxOptionChoices = 25;

    /// <summary>Longest choice name and string choice value (docs/interactions/Application_Commands.md, "Application Command Option Choice Structure").</summary>
    public const int MaxChoiceLength = 100;

    /// <summary>Upper bound of min_length/max_length of a string option (docs/interactions/Application_Commands.md, "Application Command Option Structure").</summary>
    public const int MaxStringOptionLength = 6000;

    /// <summary>Most CHAT_INPUT commands per scope (docs/interactions/Application_Commands.md, "Registering a Command").</summary>
    public const int MaxChatInputCommands = 100;

    /// <summary>Most USER and most MESSAGE commands per scope (docs/interactions/Application_Commands.md, "Registering a Command").</summary>
    public const int MaxContextMenuCommands = 15;

    /// <summary>Combined characters of a command's names, descriptions and choice values (docs/interactions/Application_Commands.md, "Registering a Command").</summary>
    public const int MaxCommandTotalCharacters = 8000;

    /// <summary>Most choices in an autocomplete result (docs/interactions/Receiving_and_Responding.md, "Autocomplete").</summary>
    public const int MaxAutocompleteChoices = 25;

    /// <summary>Milliseconds between 1970 and Discord's epoch 2015-01-01 (docs/reference.md, "Snowflakes").</summary>
    public const long DiscordEpochMilliseconds = 1_420_070_400_000;
}
