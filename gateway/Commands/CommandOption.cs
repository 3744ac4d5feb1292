using System.Globalization;
using System.Text.Json;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Models;

namespace Asphalt.Gateway.Commands;

/// <summary>
/// One typed option of a slash command. The same object gives the registration payload
/// (<see cref="ToPayload"/>) and checks what a user sent (<see cref="TryParse"/>), so the two never disagree.
/// </summary>
public abstract class CommandOption
{
    protected CommandOption(string name, string description, bool required)
    {
        SlashCommandDefinition.CheckName(name, "option");
        SlashCommandDefinition.CheckDescription(description, $"option '{name}'");
        Name = name;
        Description = description;
        Required = required;
    }

    public string Name { get; }
    public string Description { get; }
    public bool Required { get; }
    public abstract ApplicationCommandOptionType Type { get; }

    public abstract ApplicationCommandOptionPayload ToPayload();

    /// <summary>Checks and converts a sent value; on failure <paramref name="error"/> is a short sentence for the user.</summary>
    public abstract bool TryParse(JsonElement value, out object? parsed, out string? error);

    protected ApplicationCommandOptionPayload Payload(IReadOnlyList<ApplicationCommandChoicePayload>? choices = null, double? min = null, double? max = null,
        int? minLength = null, int? maxLength = null) =>
        new(Type, Name, Description, Required ? true : null, choices is { Count: > 0 } ? choices : null, min, max, minLength, maxLength);

    protected static void CheckChoices<T>(IReadOnlyList<OptionChoice<T>> choices, string option)
    {
        if (choices.Count > DiscordLimits.CommandMaxChoices)
            throw new ArgumentException($"Option '{option}' has {choices.Count} choices; Discord allows {DiscordLimits.CommandMaxChoices}.");
    }
}

/// <summary>An option whose parsed value is a <typeparamref name="T"/>; read it with <see cref="CommandOptions.Get{T}"/>.</summary>
public abstract class CommandOption<T>(string name, string description, bool required) : CommandOption(name, description, required) where T : notnull;

public sealed record OptionChoice<T>(string Name, T Value);

public sealed class StringOption(string name, string description, bool required = false) : CommandOption<string>(name, description, required)
{
    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.String;
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public IReadOnlyList<OptionChoice<string>> Choices { get; init; } = [];

    public override ApplicationCommandOptionPayload ToPayload()
    {
        CheckChoices(Choices, Name);
        return Payload(Choices.Select(c => new ApplicationCommandChoicePayload(c.Name, JsonSerializer.SerializeToElement(c.Value, DiscordJsonContext.Default.String))).ToArray(),
            minLength: MinLength, maxLength: MaxLength);
    }

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = null;
        if (value.ValueKind != JsonValueKind.String) { error = $"`{Name}` must be text."; return false; }
        var text = value.GetString()!;
        if (MinLength is { } min && text.Length < min) { error = $"`{Name}` must be at least {min} characters."; return false; }
        if (MaxLength is { } max && text.Length > max) { error = $"`{Name}` must be at most {max} characters."; return false; }
        if (Choices.Count > 0 && !Choices.Any(c => c.Value == text)) { error = $"`{Name}` must be one of: {string.Join(", ", Choices.Select(c => c.Name))}."; return false; }
        parsed = text;
        error = null;
        return true;
    }
}

public sealed class IntegerOption(string name, string description, bool required = false) : CommandOption<long>(name, description, required)
{
    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.Integer;
    public long? MinValue { get; init; }
    public long? MaxValue { get; init; }
    public IReadOnlyList<OptionChoice<long>> Choices { get; init; } = [];

    public override ApplicationCommandOptionPayload ToPayload()
    {
        CheckChoices(Choices, Name);
        return Payload(Choices.Select(c => new ApplicationCommandChoicePayload(c.Name, JsonSerializer.SerializeToElement(c.Value, DiscordJsonContext.Default.Int64))).ToArray(),
            MinValue, MaxValue);
    }

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n)) { error = $"`{Name}` must be a whole number."; return false; }
        if (MinValue is { } min && n < min) { error = $"`{Name}` must be at least {min}."; return false; }
        if (MaxValue is { } max && n > max) { error = $"`{Name}` must be at most {max}."; return false; }
        if (Choices.Count > 0 && !Choices.Any(c => c.Value == n)) { error = $"`{Name}` must be one of: {string.Join(", ", Choices.Select(c => c.Name))}."; return false; }
        parsed = n;
        error = null;
        return true;
    }
}

public sealed class NumberOption(string name, string description, bool required = false) : CommandOption<double>(name, description, required)
{
    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.Number;
    public double? MinValue { get; init; }
    public double? MaxValue { get; init; }

    public override ApplicationCommandOptionPayload ToPayload() => Payload(min: MinValue, max: MaxValue);

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var n) || !double.IsFinite(n)) { error = $"`{Name}` must be a number."; return false; }
        if (MinValue is { } min && n < min) { error = $"`{Name}` must be at least {min.ToString(CultureInfo.InvariantCulture)}."; return false; }
        if (MaxValue is { } max && n > max) { error = $"`{Name}` must be at most {max.ToString(CultureInfo.InvariantCulture)}."; return false; }
        parsed = n;
        error = null;
        return true;
    }
}

public sealed class BooleanOption(string name, string description, bool required = false) : CommandOption<bool>(name, description, required)
{
    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.Boolean;

    public override ApplicationCommandOptionPayload ToPayload() => Payload();

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
        error = parsed is null ? $"`{Name}` must be true or false." : null;
        return parsed is not null;
    }
}

/// <summary>A user picked by the invoker; the value is the user's snowflake.</summary>
public sealed class UserOption(string name, string description, bool required = false) : CommandOption<long>(name, description, required)
{
    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.User;

    public override ApplicationCommandOptionPayload ToPayload() => Payload();

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = null;
        if (value.ValueKind != JsonValueKind.String || !long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            error = $"`{Name}` must be a user.";
            return false;
        }
        parsed = id;
        error = null;
        return true;
    }
}
