using Asphalt.Gateway.Discord;
using Asphalt.Grains.Interfaces.Guilds;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>
/// /settings [economy] [currency_name] [currency_symbol] [allow_channel] [disallow_channel] [clear_channels]:
/// the guild's economy settings, for members with Manage Server (or Administrator) in the interaction's
/// member permissions. Without options it shows the settings; with options it changes them, applied in
/// this order: switch, currency, clear the channel list, allow a channel, disallow a channel. Always
/// ephemeral, and it works while the economy is off or outside the allowed channels (that is how they
/// are changed back).
/// </summary>
public sealed class EconomySettingsCommand(IGrainFactory grains) : ISlashCommand
{
    private static readonly BooleanOption Economy = new("economy", "Switch the economy on (True) or off (False) in this server");
    private static readonly StringOption CurrencyName = new("currency_name", "What the currency is called (e.g. coins)")
        { MinLength = 1, MaxLength = EconomyCommandLimits.MaxCurrencyNameLength };
    private static readonly StringOption CurrencySymbol = new("currency_symbol", "The currency's symbol or emoji (e.g. 🪙)")
        { MinLength = 1, MaxLength = EconomyCommandLimits.MaxCurrencySymbolLength };
    private static readonly ChannelOption AllowChannel = new("allow_channel", "Allow economy commands in this channel (then only listed channels)");
    private static readonly ChannelOption DisallowChannel = new("disallow_channel", "Remove a channel from the allowed list");
    private static readonly BooleanOption ClearChannels = new("clear_channels", "True: allow economy commands in every channel again");

    public SlashCommandDefinition Definition { get; } = new("settings", "Shows or changes this server's economy settings (Manage Server)",
        Economy, CurrencyName, CurrencySymbol, AllowChannel, DisallowChannel, ClearChannels) { EphemeralWhenDeferred = true };

    public async Task ExecuteAsync(CommandContext context)
    {
        if (context.GuildId is not { } guildId) throw new CommandRejectedException(NotInGuild);
        if (!DiscordPermissions.Has(context.MemberPermissions, DiscordPermissions.ManageGuild))
            throw new CommandRejectedException("You need the **Manage Server** permission to use `/settings`.");

        var guild = grains.GetGrain<IGuildGrain>(guildId);
        var current = (await guild.GetAsync().WaitAsync(context.CancellationToken)).Settings;
        var options = context.Options;
        var changes = new List<string>();
        var updated = current;

        if (options.Has(Economy))
        {
            updated = updated with { EconomyEnabled = options.Get(Economy) };
            changes.Add(updated.EconomyEnabled ? "switched the economy **on**" : "switched the economy **off**");
        }
        if (options.Has(CurrencyName))
        {
            var name = options.Get(CurrencyName).Trim();
            if (name.Length == 0) throw new CommandRejectedException("`currency_name` can't be blank.");
            updated = updated with { CurrencyName = name };
            changes.Add($"named the currency **{name}**");
        }
        if (options.Has(CurrencySymbol))
        {
            var symbol = options.Get(CurrencySymbol).Trim();
            if (symbol.Length == 0) throw new CommandRejectedException("`currency_symbol` can't be blank.");
            updated = updated with { CurrencySymbol = symbol };
            changes.Add($"set the symbol to {symbol}");
        }

        var channels = updated.EconomyChannelIds.ToList();
        if (options.Has(ClearChannels) && options.Get(ClearChannels))
        {
            channels.Clear();
            changes.Add("allowed every channel");
        }
        if (options.Has(AllowChannel))
        {
            var channel = options.Get(AllowChannel);
            if (!channels.Contains(channel))
            {
                if (channels.Count >= EconomyCommandLimits.MaxEconomyChannels)
                    throw new CommandRejectedException($"At most {EconomyCommandLimits.MaxEconomyChannels} channels can be allowed; remove one with `disallow_channel` first.");
                channels.Add(channel);
            }
            changes.Add($"allowed {Channel(channel)}");
        }
        if (options.Has(DisallowChannel))
        {
            var channel = options.Get(DisallowChannel);
            if (!channels.Remove(channel)) throw new CommandRejectedException($"{Channel(channel)} is not in the allowed list.");
            changes.Add($"removed {Channel(channel)}{(channels.Count == 0 ? " (every channel is allowed again)" : "")}");
        }
        updated = updated with { EconomyChannelIds = channels };

        var stored = current;
        if (!updated.Equals(current)) stored = (await guild.UpdateSettingsAsync(updated).WaitAsync(context.CancellationToken)).Settings;

        var description = changes.Count == 0
            ? "Change them with the options of `/settings`."
            : $"Done: {string.Join(", ", changes)}.";
        await context.RespondAsync(null, [Embed("Economy settings", description, changes.Count == 0 ? Info : Success,
            Field("Economy", stored.EconomyEnabled ? "on" : "off"),
            Field("Currency", $"{stored.CurrencySymbol} {stored.CurrencyName}"),
            Field("Channels", stored.EconomyChannelIds.Count == 0 ? "every channel" : string.Join(" ", stored.EconomyChannelIds.Select(Channel)), inline: false))],
            ephemeral: true);
    }
}
