using System.Globalization;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Grains.Interfaces.Economy;
using Asphalt.Grains.Interfaces.Guilds;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>Where an economy command runs: the guild's settings (currency), and the grain context (interaction id as idempotency key).</summary>
public sealed record EconomyScope(GuildSettings Settings, EconomyContext Context)
{
    /// <summary>"🪙 **1,250** coins" in the guild's currency.</summary>
    public string Coins(long amount) => $"{Settings.CurrencySymbol} **{amount.ToString("N0", CultureInfo.InvariantCulture)}** {Settings.CurrencyName}";
}

/// <summary>
/// The entry of every economy command (except /settings): reads the guild's settings once and
/// refuses, with a clear ephemeral message, when the economy is off in the guild or not allowed in
/// the channel. The grain checks the same settings again for every write (it is authoritative).
/// </summary>
public sealed class EconomyGuard(IGrainFactory grains)
{
    public IGrainFactory Grains => grains;

    public async Task<EconomyScope> EnterAsync(CommandContext context)
    {
        var channelId = long.TryParse(context.Interaction.ChannelId, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : (long?)null;
        var settings = context.GuildId is { } guildId
            ? (await grains.GetGrain<IGuildGrain>(guildId).GetAsync().WaitAsync(context.CancellationToken)).Settings
            : GuildSettings.Default;
        if (!settings.EconomyEnabled) throw new CommandRejectedException(EconomyMessages.Disabled);
        if (!settings.AllowsEconomyIn(channelId)) throw new CommandRejectedException(EconomyMessages.ChannelNotAllowed(settings));
        return new EconomyScope(settings, new EconomyContext(long.Parse(context.Interaction.Id, CultureInfo.InvariantCulture), context.GuildId, channelId));
    }

    public IUserEconomyGrain User(long userId) => grains.GetGrain<IUserEconomyGrain>(userId);

    /// <summary>
    /// The user a USER option names, or a clear refusal: not resolved by Discord (unknown), or a bot
    /// when <paramref name="botsAllowed"/> is false.
    /// </summary>
    public static DiscordUser RequireUser(CommandContext context, long userId, string botMessage)
    {
        var user = context.ResolvedUser(userId) ?? throw new CommandRejectedException(EconomyMessages.UnknownUser);
        if (user.Bot == true) throw new CommandRejectedException(botMessage);
        return user;
    }
}
