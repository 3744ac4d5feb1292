using System.Globalization;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Grains.Interfaces.Economy;
using Asphalt.Grains.Interfaces.Guilds;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>
/// What users read: success embeds in the guild's currency and one short, specific sentence for
/// every refusal (shown ephemerally through <see cref="CommandRejectedException"/>).
/// </summary>
public static class EconomyMessages
{
    public const int Success = 0x2ECC71;
    public const int Loss = 0xE74C3C;
    public const int Info = 0x5865F2;

    public const string Disabled = "The economy is switched off in this server. A server manager can switch it on with `/settings economy:True`.";
    public const string UnknownUser = "I can't find that user. Pick someone from the list Discord offers.";
    public const string NotInGuild = "This only works in a server.";

    public static string ChannelNotAllowed(GuildSettings settings) =>
        $"Economy commands are not allowed in this channel. Use {string.Join(", ", settings.EconomyChannelIds.Select(Channel))}.";

    public static string Mention(long userId) => $"<@{userId.ToString(CultureInfo.InvariantCulture)}>";

    public static string Channel(long channelId) => $"<#{channelId.ToString(CultureInfo.InvariantCulture)}>";

    /// <summary>A Discord timestamp shown relative to now ("in 3 hours").</summary>
    public static string Relative(DateTimeOffset at) => $"<t:{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:R>";

    public static DiscordEmbed Embed(string title, string description, int color = Info, params EmbedField[] fields) =>
        new(title, description, color, fields.Length == 0 ? null : fields);

    public static EmbedField Field(string name, string value, bool inline = true) => new(name, value, inline);

    public static EmbedField[] BalanceFields(EconomyScope scope, Balance balance) =>
        [Field("Wallet", scope.Coins(balance.Wallet)), Field("Bank", scope.Coins(balance.Bank)), Field("Net worth", scope.Coins(balance.NetWorth))];

    /// <summary>Throws the refusal of <paramref name="result"/> as an ephemeral message; returns it when it succeeded.</summary>
    /// <param name="what">Names the action in the messages ("your daily reward", "a bet").</param>
    public static EconomyResult Require(EconomyResult result, EconomyScope scope, string? target = null)
    {
        if (result.Succeeded) return result;
        throw new CommandRejectedException(Refusal(result, scope, target));
    }

    public static string Refusal(EconomyResult result, EconomyScope scope, string? target = null)
    {
        var balance = result.Balance;
        return result.Outcome switch
        {
            EconomyOutcome.InsufficientFunds => result.Operation switch
            {
                EconomyOperation.Deposit => balance.Wallet == 0
                    ? "Your wallet is empty: there is nothing to deposit."
                    : $"You don't have that much in your wallet: it holds {scope.Coins(balance.Wallet)}.",
                EconomyOperation.Withdraw => balance.Bank == 0
                    ? "Your bank is empty: there is nothing to withdraw."
                    : $"You don't have that much in the bank: it holds {scope.Coins(balance.Bank)}.",
                EconomyOperation.Buy when result.Amount is { } cost =>
                    $"That costs {scope.Coins(cost)}, but your wallet holds {scope.Coins(balance.Wallet)}.",
                _ => $"You don't have enough {scope.Settings.CurrencyName}: your wallet holds {scope.Coins(balance.Wallet)} (bank: {scope.Coins(balance.Bank)}).",
            },
            EconomyOutcome.OnCooldown => result.Operation switch
            {
                EconomyOperation.Daily => $"You already claimed your daily reward. You can claim it again {When(result.RetryAt)}.",
                EconomyOperation.Weekly => $"You already claimed your weekly reward. You can claim it again {When(result.RetryAt)}.",
                EconomyOperation.Work => $"You're tired from your last shift. You can work again {When(result.RetryAt)}.",
                _ => $"That is on cooldown until {When(result.RetryAt)}.",
            },
            EconomyOutcome.AmountOutOfRange => result.Operation switch
            {
                EconomyOperation.Coinflip or EconomyOperation.Slots => $"Bets must be between {Range(result, scope)}.",
                EconomyOperation.Buy => $"You can buy {result.Minimum?.ToString("N0", CultureInfo.InvariantCulture)}–{result.Maximum?.ToString("N0", CultureInfo.InvariantCulture)} at a time.",
                _ => $"The amount must be between {Range(result, scope)}.",
            },
            EconomyOutcome.UnknownItem => $"There is no item `{result.ItemId}` in the shop. See `/shop`.",
            EconomyOutcome.NotInInventory => $"You don't have any `{result.ItemId}`. Buy one with `/buy`.",
            EconomyOutcome.CannotPaySelf => "You can't pay yourself.",
            EconomyOutcome.CannotPayBot => "You can't pay a bot.",
            EconomyOutcome.Blocked => result.Operation == EconomyOperation.Pay
                ? $"This payment is not allowed: {target ?? "that user"} or you are blocked from the economy."
                : "You are blocked from the economy.",
            EconomyOutcome.WouldOverflow => result.Operation == EconomyOperation.Pay
                ? $"{target ?? "That user"} can't hold that many more {scope.Settings.CurrencyName}."
                : $"That would take you past the most {scope.Settings.CurrencyName} anyone can hold.",
            EconomyOutcome.EconomyDisabled => Disabled,
            EconomyOutcome.ChannelNotAllowed => ChannelNotAllowed(scope.Settings),
            EconomyOutcome.KeyReused => "This interaction was already used for something else; run the command again.",
            EconomyOutcome.EffectAlreadyActive => $"A `{result.ItemId}` effect is already active. Use it up with `/work` first.",
            EconomyOutcome.NoCooldownRunning => $"`{result.ItemId}` has nothing to shorten: that cooldown isn't running.",
            _ => "That request is not valid.",
        };
    }

    private static string When(DateTimeOffset? at) => at is { } t ? Relative(t) : "later";

    private static string Range(EconomyResult result, EconomyScope scope) =>
        $"{scope.Coins(result.Minimum ?? 1)} and {scope.Coins(result.Maximum ?? EconomyCommandLimits.MaxAmount)}";
}
