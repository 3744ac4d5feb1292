using System.Text.RegularExpressions;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Models;

namespace Asphalt.Gateway.Commands;

/// <summary>
/// A slash command declared once: its name, description and typed options drive both the
/// registration payload (<see cref="ToPayload"/>) and the parsing of what users send
/// (<see cref="ParseOptions"/>). Invalid declarations fail at construction, not at Discord.
/// </summary>
public sealed partial class SlashCommandDefinition
{
    public SlashCommandDefinition(string name, string description, params CommandOption[] options)
    {
        CheckName(name, "command");
        CheckDescription(description, $"command '{name}'");
        if (options.Length > DiscordLimits.CommandMaxOptions)
            throw new ArgumentException($"Command '{name}' has {options.Length} options; Discord allows {DiscordLimits.CommandMaxOptions}.");
        var duplicate = options.GroupBy(o => o.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Command '{name}' declares option '{duplicate.Key}' twice.");
        var firstOptional = Array.FindIndex(options, o => !o.Required);
        if (firstOptional >= 0 && options.Skip(firstOptional).Any(o => o.Required))
            throw new ArgumentException($"Command '{name}': required options must come before optional ones (Discord's rule).");
        Name = name;
        Description = description;
        Options = options;
    }

    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<CommandOption> Options { get; }

    /// <summary>When the framework defers on the handler's behalf, whether the deferred reply is ephemeral.</summary>
    public bool EphemeralWhenDeferred { get; init; }

    public ApplicationCommandPayload ToPayload() =>
        new(Name, Description, Options.Count == 0 ? null : Options.Select(o => o.ToPayload()).ToArray());

    /// <summary>Checks every sent option against its declaration; null and an error sentence when something is wrong.</summary>
    public CommandOptions? ParseOptions(IReadOnlyList<InteractionDataOption>? sent, out string? error)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var option in sent ?? [])
        {
            var declared = Options.FirstOrDefault(o => o.Name == option.Name);
            if (declared is null) { error = $"`/{Name}` has no option `{option.Name}` (the command may have changed; try again in a minute)."; return null; }
            if (declared.Type != option.Type || option.Value is not { } value) { error = $"`{option.Name}` has the wrong type."; return null; }
            if (!declared.TryParse(value, out var parsed, out error)) return null;
            values[declared.Name] = parsed!;
        }
        var missing = Options.FirstOrDefault(o => o.Required && !values.ContainsKey(o.Name));
        if (missing is not null) { error = $"`{missing.Name}` is required."; return null; }
        error = null;
        return new CommandOptions(values);
    }

    internal static void CheckName(string name, string what)
    {
        if (!NamePattern().IsMatch(name))
            throw new ArgumentException($"The {what} name '{name}' is invalid: Discord wants 1–{DiscordLimits.CommandNameMaxLength} lower-case letters, digits, '-' or '_'.");
    }

    internal static void CheckDescription(string description, string what)
    {
        if (string.IsNullOrWhiteSpace(description) || description.Length > DiscordLimits.CommandDescriptionMaxLength)
            throw new ArgumentException($"The description of {what} must be 1–{DiscordLimits.CommandDescriptionMaxLength} characters.");
    }

    // Application_Commands.md "Application Command Naming" (CHAT_INPUT: lower case).
    [GeneratedRegex(@"^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$")]
    private static partial Regex NamePattern();
}

/// <summary>The parsed options of one invocation, read through their declarations.</summary>
public sealed class CommandOptions(IReadOnlyDictionary<string, object> values)
{
    public static readonly CommandOptions None = new(new Dictionary<string, object>());

    /// <summary>The value of a required option (or of an optional one the user gave).</summary>
    public T Get<T>(CommandOption<T> option) where T : notnull =>
        values.TryGetValue(option.Name, out var v) ? (T)v : throw new InvalidOperationException($"Option '{option.Name}' was not given; use GetOrDefault for optional options.");

    public T GetOrDefault<T>(CommandOption<T> option, T fallback) where T : notnull =>
        values.TryGetValue(option.Name, out var v) ? (T)v : fallback;

    public bool Has(CommandOption option) => values.ContainsKey(option.Name);
}
