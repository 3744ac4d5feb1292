using System.Globalization;
using Asphalt.Gateway.Discord.Models;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>/balance [user]: wallet, bank and net worth of the invoker or of another user.</summary>
public sealed class BalanceCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly UserOption Who = new("user", "Whose balance to show (default: yours)");

    public SlashCommandDefinition Definition { get; } = new("balance", "Shows your wallet and bank, or another user's", Who);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var userId = context.Options.Has(Who) ? context.Options.Get(Who) : context.UserId;
        if (userId != context.UserId) EconomyGuard.RequireUser(context, userId, "Bots don't have a balance.");
        var balance = await economy.User(userId).GetBalanceAsync().WaitAsync(context.CancellationToken);
        await context.RespondAsync(null, [Embed("Balance", Mention(userId), Info, BalanceFields(scope, balance))]);
    }
}

/// <summary>/profile [user]: balances, streaks, donator tier, cooldowns and items.</summary>
public sealed class ProfileCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly UserOption Who = new("user", "Whose profile to show (default: yours)");

    public SlashCommandDefinition Definition { get; } = new("profile", "Shows your economy profile, or another user's", Who);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var userId = context.Options.Has(Who) ? context.Options.Get(Who) : context.UserId;
        if (userId != context.UserId) EconomyGuard.RequireUser(context, userId, "Bots don't have a profile.");
        var p = await economy.User(userId).GetProfileAsync().WaitAsync(context.CancellationToken);
        string Ready(DateTimeOffset? at) => at is { } t && t > DateTimeOffset.UtcNow ? Relative(t) : "ready";
        var items = p.Inventory.Sum(i => (long)i.Quantity);
        List<EmbedField> fields =
        [
            .. BalanceFields(scope, p.Balance),
            Field("Daily streak", $"{p.DailyStreak} (best {p.BestDailyStreak})"),
            Field("Weekly streak", p.WeeklyStreak.ToString(CultureInfo.InvariantCulture)),
            Field("Donator tier", $"{p.DonatorTier} ({p.MultiplierPercent} % rewards)"),
            Field("Next daily", Ready(p.NextDailyAt)),
            Field("Next weekly", Ready(p.NextWeeklyAt)),
            Field("Next work", Ready(p.NextWorkAt)),
            Field("Items", items == 0 ? "none" : items.ToString("N0", CultureInfo.InvariantCulture)),
        ];
        if (p.WorkBoostPercent is { } boost) fields.Add(Field("Work boost", $"next /work pays {boost} %"));
        if (p.PendingTransfers > 0) fields.Add(Field("Payments on their way", p.PendingTransfers.ToString(CultureInfo.InvariantCulture)));
        await context.RespondAsync(null, [Embed("Profile", Mention(userId), Info, [.. fields])]);
    }
}
