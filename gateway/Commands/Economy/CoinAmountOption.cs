using System.Globalization;
using System.Text.Json;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Grains.Interfaces.Economy;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>
/// An amount of coins as users of economy bots type it: a STRING option holding a whole number
/// ("2500", "2,500", "2_500"), a number with a k/m/b suffix ("2.5k", "1m", "3b"), or "all". Declared
/// as text so that "all" fits in the same option; the declaration's parser enforces 1 … <see cref="MaxValue"/>,
/// so a bad value is refused before any grain is called.
/// </summary>
public sealed class CoinAmountOption(string name, string description, bool required = false) : CommandOption<CoinAmount>(name, description, required)
{
    /// <summary>Longest text accepted: "1,000,000,000,000" is 17 characters; room for spaces.</summary>
    public const int MaxLength = 24;

    public const string All = "all";

    public long MaxValue { get; init; } = EconomyCommandLimits.MaxAmount;

    public override ApplicationCommandOptionType Type => ApplicationCommandOptionType.String;

    public override ApplicationCommandOptionPayload ToPayload() => Payload(minLength: 1, maxLength: MaxLength);

    public override bool TryParse(JsonElement value, out object? parsed, out string? error)
    {
        parsed = null;
        if (value.ValueKind != JsonValueKind.String) { error = $"`{Name}` must be a number of coins or `all`."; return false; }
        if (!TryParse(value.GetString()!, MaxValue, out var amount, out error)) return false;
        parsed = amount;
        return true;
    }

    /// <summary>The parsing rules, exposed for tests and other options.</summary>
    public bool TryParse(string text, long maxValue, out CoinAmount amount, out string? error)
    {
        amount = CoinAmount.Everything;
        var s = text.Trim().ToLowerInvariant().Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (s == All) { error = null; return true; }
        if (s.Length > MaxLength) { error = $"`{Name}` must be at most {maxValue.ToString("N0", CultureInfo.InvariantCulture)} coins."; return false; }
        decimal multiplier = 1;
        if (s.Length > 1 && s[^1] is 'k' or 'm' or 'b')
        {
            multiplier = s[^1] switch { 'k' => 1_000m, 'm' => 1_000_000m, _ => 1_000_000_000m };
            s = s[..^1];
        }
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"`{Name}` must be a number of coins (like 500, 2,500 or 2.5k) or `all`.";
            return false;
        }
        // Checked before multiplying, so "999…9b" cannot overflow the decimal.
        var coins = number > maxValue ? number : number * multiplier;
        if (coins != decimal.Truncate(coins)) { error = $"`{Name}` must be a whole number of coins."; return false; }
        if (coins < 1) { error = $"`{Name}` must be at least 1."; return false; }
        if (coins > maxValue) { error = $"`{Name}` must be at most {maxValue.ToString("N0", CultureInfo.InvariantCulture)}."; return false; }
        amount = CoinAmount.Of((long)coins);
        error = null;
        return true;
    }
}
