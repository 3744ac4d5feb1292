using Asphalt.Grains.Interfaces.Economy;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>/daily: the daily reward with its streak bonus.</summary>
public sealed class DailyCommand(EconomyGuard economy) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("daily", "Claims your daily reward (the streak grows if you come back within two days)");

    public Task ExecuteAsync(CommandContext context) =>
        EarningReplies.ClaimAsync(economy, context, "Daily reward", "day", (grain, ctx) => grain.ClaimDailyAsync(ctx));
}

/// <summary>/weekly: the weekly reward with its streak bonus.</summary>
public sealed class WeeklyCommand(EconomyGuard economy) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("weekly", "Claims your weekly reward (the streak grows if you come back within two weeks)");

    public Task ExecuteAsync(CommandContext context) =>
        EarningReplies.ClaimAsync(economy, context, "Weekly reward", "week", (grain, ctx) => grain.ClaimWeeklyAsync(ctx));
}

/// <summary>/work: a random payout, then a cooldown.</summary>
public sealed class WorkCommand(EconomyGuard economy) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("work", "Works a shift for a random payout");

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var result = Require(await economy.User(context.UserId).WorkAsync(scope.Context).WaitAsync(context.CancellationToken), scope);
        var description = $"You worked a shift and earned {scope.Coins(result.Delta)}.";
        if (result.Amount is { } drawn && drawn != result.Delta) description += $" (base pay {scope.Coins(drawn)}, with your bonuses)";
        if (result.RetryAt is { } next) description += $"\nYou can work again {Relative(next)}.";
        await context.RespondAsync(null, [Embed("Work", description, Success, Field("Wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}

internal static class EarningReplies
{
    public static async Task ClaimAsync(EconomyGuard economy, CommandContext context, string title, string unit,
        Func<IUserEconomyGrain, EconomyContext, Task<EconomyResult>> claim)
    {
        var scope = await economy.EnterAsync(context);
        var result = Require(await claim(economy.User(context.UserId), scope.Context).WaitAsync(context.CancellationToken), scope);
        var streak = result.Streak ?? 1;
        var description = $"You received {scope.Coins(result.Delta)}.\nStreak: **{streak}** {unit}{(streak == 1 ? "" : "s")} in a row.";
        if (result.RetryAt is { } next) description += $"\nNext claim {Relative(next)}.";
        await context.RespondAsync(null, [Embed(title, description, Success, Field("Wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}
