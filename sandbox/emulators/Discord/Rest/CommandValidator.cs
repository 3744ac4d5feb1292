using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>
/// Checks a bulk overwrite the way Discord does and reports every problem at its path
/// (docs/interactions/Application_Commands.md, "Application Command Object" and "Registering a Command").
/// </summary>
internal static partial class CommandValidator
{
    public const int ChatInput = 1;
    public const int UserCommand = 2;
    public const int MessageCommand = 3;

    public const int SubCommand = 1;
    public const int SubCommandGroup = 2;
    public const int StringOption = 3;
    public const int IntegerOption = 4;
    public const int ChannelOption = 7;
    public const int NumberOption = 10;
    public const int AttachmentOption = 11;

    /// <summary>CHAT_INPUT names (docs/interactions/Application_Commands.md, "Application Command Naming").</summary>
    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex ChatInputName();

    public static void Validate(JsonNode? body)
    {
        var errors = new FormErrors();
        if (body is not JsonArray commands)
        {
            errors.Add([], "BASE_TYPE_LIST", "Must be a list.");
            errors.ThrowIfAny();
            return;
        }

        var seen = new HashSet<(int, string)>();
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < commands.Count; i++)
        {
            string[] path = [i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (commands[i] is not JsonObject command)
            {
                errors.Add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            var type = ValidateCommand(command, path, errors);
            if (RestJson.AsString(command["name"]) is { } name && !seen.Add((type, name)))
            {
                errors.Add([.. path, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", $"Application command names must be unique; \"{name}\" is used twice.");
            }

            counts[type] = counts.GetValueOrDefault(type) + 1;
        }

        if (counts.GetValueOrDefault(ChatInput) > DiscordLimits.MaxChatInputCommands
            || counts.GetValueOrDefault(UserCommand) > DiscordLimits.MaxContextMenuCommands
            || counts.GetValueOrDefault(MessageCommand) > DiscordLimits.MaxContextMenuCommands)
        {
            errors.Add([], "APPLICATION_COMMANDS_TOO_MANY",
                $"Maximum number of application commands reached ({DiscordLimits.MaxChatInputCommands} chat input, {DiscordLimits.MaxContextMenuCommands} user, {DiscordLimits.MaxContextMenuCommands} message).");
        }

        errors.ThrowIfAny();
    }

    /// <summary>Validates one command and returns its type (1 when absent).</summary>
    private static int ValidateCommand(JsonObject command, string[] path, FormErrors errors)
    {
        var type = ChatInput;
        if (command["type"] is { } typeNode)
        {
            if (!TryGetInt(typeNode, out type) || type is < ChatInput or > MessageCommand)
            {
                errors.Add([.. path, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.");
                return ChatInput;
            }
        }

        var chatInput = type == ChatInput;
        ValidateName(command["name"], [.. path, "name"], lowercaseOnly: chatInput, errors);
        var description = command["description"];
        if (chatInput)
        {
            ValidateDescription(description, [.. path, "description"], errors);
        }
        else if (RestJson.AsString(description) is { Length: > 0 })
        {
            errors.Add([.. path, "description"], "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION", "Context menu commands cannot have a description.");
        }

        if (command["default_member_permissions"] is { } permissions && (RestJson.AsString(permissions) is not { } bits || !ulong.TryParse(bits, out _)))
        {
            errors.Add([.. path, "default_member_permissions"], "BASE_TYPE_STRING", "Must be a string holding a permission bit set.");
        }

        foreach (var flag in new[] { "dm_permission", "nsfw" })
        {
            if (command[flag] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add([.. path, flag], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
            }
        }

        if (command["options"] is { } options)
        {
            if (!chatInput && options is JsonArray { Count: > 0 })
            {
                errors.Add([.. path, "options"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Context menu commands cannot have options.");
            }
            else
            {
                ValidateOptions(options, [.. path, "options"], depth: 0, errors);
            }
        }

        if (TotalCharacters(command) > DiscordLimits.MaxCommandTotalCharacters)
        {
            errors.Add(path, "APPLICATION_COMMAND_TOO_LARGE", $"Command exceeds maximum size ({DiscordLimits.MaxCommandTotalCharacters}).");
        }

        return type;
    }

    /// <summary>Options of a command (depth 0), of a group (1) or of a sub-command (1 or 2).</summary>
    private static void ValidateOptions(JsonNode options, string[] path, int depth, FormErrors errors, int? parentType = null)
    {
        if (options is not JsonArray list)
        {
            errors.Add(path, "BASE_TYPE_LIST", "Must be a list.");
            return;
        }

        if (list.Count > DiscordLimits.MaxCommandOptions)
        {
            errors.Add(path, "BASE_TYPE_MAX_LENGTH", $"Must be {DiscordLimits.MaxCommandOptions} or fewer in length.");
        }

        var names = new HashSet<string>();
        var sawOptional = false;
        var sawSubCommand = false;
        var sawValue = false;
        for (var i = 0; i < list.Count; i++)
        {
            string[] at = [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (list[i] is not JsonObject option)
            {
                errors.Add(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            if (!TryGetInt(option["type"], out var type) || type is < SubCommand or > AttachmentOption)
            {
                errors.Add([.. at, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.");
                continue;
            }

            ValidateName(option["name"], [.. at, "name"], lowercaseOnly: true, errors);
            ValidateDescription(option["description"], [.. at, "description"], errors);
            if (RestJson.AsString(option["name"]) is { } name && !names.Add(name))
            {
                errors.Add([.. at, "name"], "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique.");
            }

            var isSubCommand = type is SubCommand or SubCommandGroup;
            sawSubCommand |= isSubCommand;
            sawValue |= !isSubCommand;
            var allowed = parentType switch
            {
                SubCommandGroup => type == SubCommand,
                SubCommand => !isSubCommand,
                _ => true,
            };
            if (!allowed)
            {
                errors.Add([.. at, "type"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types.");
                continue;
            }

            if (isSubCommand)
            {
                if (option["options"] is { } nested)
                {
                    ValidateOptions(nested, [.. at, "options"], depth + 1, errors, type);
                }

                continue;
            }

            var required = option["required"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;
            if (required && sawOptional)
            {
                errors.Add([.. at, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options.");
            }

            sawOptional |= !required;
            ValidateValueOption(option, type, at, errors);
        }

        if (sawSubCommand && sawValue)
        {
            errors.Add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command and sub-command group option types are mutually exclusive to all other types.");
        }
    }

    private static void ValidateValueOption(JsonObject option, int type, string[] at, FormErrors errors)
    {
        if (option["options"] is JsonArray { Count: > 0 })
        {
            errors.Add([.. at, "options"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Only sub-commands and groups can have options.");
        }

        var hasChoices = option["choices"] is JsonArray { Count: > 0 };
        if (option["choices"] is { } choicesNode)
        {
            if (type is not (StringOption or IntegerOption or NumberOption))
            {
                errors.Add([.. at, "choices"], "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Only string, integer and number options can have choices.");
            }
            else if (choicesNode is not JsonArray choices)
            {
                errors.Add([.. at, "choices"], "BASE_TYPE_LIST", "Must be a list.");
            }
            else
            {
                ValidateChoices(choices, type, [.. at, "choices"], errors);
            }
        }

        if (hasChoices && option["autocomplete"] is JsonValue autocomplete && autocomplete.GetValueKind() == JsonValueKind.True)
        {
            errors.Add([.. at, "autocomplete"], "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES", "Autocomplete cannot be set on options with choices.");
        }

        foreach (var bound in new[] { "min_length", "max_length" })
        {
            if (option[bound] is not { } node)
            {
                continue;
            }

            var floor = bound == "min_length" ? 0 : 1;
            if (type != StringOption)
            {
                errors.Add([.. at, bound], "APPLICATION_COMMAND_OPTION_LENGTH_INVALID", "Only string options have a length range.");
            }
            else if (!TryGetInt(node, out var length) || length < floor || length > DiscordLimits.MaxStringOptionLength)
            {
                errors.Add([.. at, bound], "NUMBER_TYPE_OUT_OF_RANGE", $"Int should be between {floor} and {DiscordLimits.MaxStringOptionLength}.");
            }
        }

        foreach (var bound in new[] { "min_value", "max_value" })
        {
            if (option[bound] is { } node && (type is not (IntegerOption or NumberOption) || node.GetValueKind() != JsonValueKind.Number))
            {
                errors.Add([.. at, bound], "APPLICATION_COMMAND_OPTION_VALUE_RANGE_INVALID", "Only integer and number options have a numeric range.");
            }
        }

        if (option["channel_types"] is { } && type != ChannelOption)
        {
            errors.Add([.. at, "channel_types"], "APPLICATION_COMMAND_OPTION_CHANNEL_TYPES_INVALID", "Only channel options have channel types.");
        }
    }

    private static void ValidateChoices(JsonArray choices, int type, string[] path, FormErrors errors)
    {
        if (choices.Count > DiscordLimits.MaxOptionChoices)
        {
            errors.Add(path, "BASE_TYPE_MAX_LENGTH", $"Must be {DiscordLimits.MaxOptionChoices} or fewer in length.");
        }

        for (var i = 0; i < choices.Count; i++)
        {
            string[] at = [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (choices[i] is not JsonObject choice)
            {
                errors.Add(at, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            CheckLength(choice["name"], [.. at, "name"], 1, DiscordLimits.MaxChoiceLength, errors);
            var value = choice["value"];
            var valid = type switch
            {
                StringOption => RestJson.AsString(value) is { Length: >= 1 and <= DiscordLimits.MaxChoiceLength },
                IntegerOption => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long _),
                _ => value?.GetValueKind() == JsonValueKind.Number,
            };
            if (!valid)
            {
                errors.Add([.. at, "value"], "APPLICATION_COMMAND_OPTION_CHOICE_VALUE_INVALID", "Choice value does not match the option type.");
            }
        }
    }

    private static void ValidateName(JsonNode? node, string[] path, bool lowercaseOnly, FormErrors errors)
    {
        if (!CheckLength(node, path, 1, DiscordLimits.MaxCommandNameLength, errors))
        {
            return;
        }

        var name = RestJson.AsString(node)!;
        if (lowercaseOnly && (!ChatInputName().IsMatch(name) || name != name.ToLowerInvariant()))
        {
            errors.Add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
        }
    }

    private static void ValidateDescription(JsonNode? node, string[] path, FormErrors errors) =>
        CheckLength(node, path, 1, DiscordLimits.MaxCommandDescriptionLength, errors);

    private static bool CheckLength(JsonNode? node, string[] path, int min, int max, FormErrors errors)
    {
        if (node is null)
        {
            errors.Add(path, "BASE_TYPE_REQUIRED", "This field is required");
            return false;
        }

        if (RestJson.AsString(node) is not { } text)
        {
            errors.Add(path, "BASE_TYPE_STRING", "Must be a string.");
            return false;
        }

        if (text.Length < min || text.Length > max)
        {
            errors.Add(path, "BASE_TYPE_BAD_LENGTH", $"Must be between {min} and {max} in length.");
            return false;
        }

        return true;
    }

    private static int TotalCharacters(JsonObject node)
    {
        var total = 0;
        foreach (var field in new[] { "name", "description" })
        {
            total += RestJson.AsString(node[field])?.Length ?? 0;
        }

        if (node["value"] is JsonValue value)
        {
            total += RestJson.AsString(value)?.Length ?? value.ToJsonString().Length;
        }

        foreach (var child in new[] { "options", "choices" })
        {
            if (node[child] is JsonArray array)
            {
                total += array.OfType<JsonObject>().Sum(TotalCharacters);
            }
        }

        return total;
    }

    private static bool TryGetInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out value);
    }
}
