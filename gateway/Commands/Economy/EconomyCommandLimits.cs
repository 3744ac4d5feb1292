namespace Asphalt.Gateway.Commands.Economy;

/// <summary>
/// The bounds the economy commands declare to Discord. They are the outer limits the client enforces
/// while typing; the silo's configuration (section Economy, docs/economy.md) is authoritative, and a
/// value it refuses comes back as AmountOutOfRange with the configured range, shown to the user.
/// </summary>
public static class EconomyCommandLimits
{
    /// <summary>Largest coin amount or bet an option accepts: the default of Economy:MaxAmount (10^12).</summary>
    public const long MaxAmount = 1_000_000_000_000;

    /// <summary>Largest /buy quantity: the default of Economy:MaxPurchaseQuantity.</summary>
    public const int MaxPurchaseQuantity = 100;

    /// <summary>Shop item ids are short (coffee, alarm_clock …); anything longer cannot be one.</summary>
    public const int MaxItemLength = 64;

    /// <summary>/settings currency_name: a word or two ("coins", "gold bars").</summary>
    public const int MaxCurrencyNameLength = 32;

    /// <summary>/settings currency_symbol: an emoji, a few characters, or a custom emoji (&lt;:name:id&gt;, up to ~60 characters).</summary>
    public const int MaxCurrencySymbolLength = 64;

    /// <summary>Most channels a guild may restrict the economy to.</summary>
    public const int MaxEconomyChannels = 50;

    /// <summary>Rows /leaderboard shows: the default of Economy:Leaderboard:Size.</summary>
    public const int LeaderboardRows = 10;

    /// <summary>Message.md "Embed Limits": at most 25 fields per embed.</summary>
    public const int MaxEmbedFields = 25;
}
