using Asphalt.Grains.Interfaces.Economy;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>/deposit amount: wallet → bank. The amount is a number (2500, 2,500, 2.5k) or "all".</summary>
public sealed class DepositCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly CoinAmountOption Amount = new("amount", "How much to deposit: a number (like 500 or 2.5k) or all", required: true);

    public SlashCommandDefinition Definition { get; } = new("deposit", "Moves coins from your wallet to your bank", Amount);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var result = Require(await economy.User(context.UserId).DepositAsync(scope.Context, context.Options.Get(Amount)).WaitAsync(context.CancellationToken), scope);
        await context.RespondAsync(null, [Embed("Deposit", $"You deposited {scope.Coins(result.Amount ?? 0)} into your bank.", Success, BalanceFields(scope, result.Balance))]);
    }
}

/// <summary>/withdraw amount: bank → wallet. The amount is a number (2500, 2,500, 2.5k) or "all".</summary>
public sealed class WithdrawCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly CoinAmountOption Amount = new("amount", "How much to withdraw: a number (like 500 or 2.5k) or all", required: true);

    public SlashCommandDefinition Definition { get; } = new("withdraw", "Moves coins from your bank to your wallet", Amount);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var result = Require(await economy.User(context.UserId).WithdrawAsync(scope.Context, context.Options.Get(Amount)).WaitAsync(context.CancellationToken), scope);
        await context.RespondAsync(null, [Embed("Withdrawal", $"You withdrew {scope.Coins(result.Amount ?? 0)} from your bank.", Success, BalanceFields(scope, result.Balance))]);
    }
}

/// <summary>
/// /pay user amount: wallet → another user's wallet. The receiver is checked from the interaction's
/// resolved data (unknown → refused here; a bot → the grain refuses CannotPayBot). The call may wait
/// on the receiver's grain; when it takes long the framework defers (after 2 s) and the reply edits it.
/// </summary>
public sealed class PayCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly UserOption To = new("user", "Who gets the coins", required: true);

    private static readonly IntegerOption Amount = new("amount", "How many coins to pay", required: true) { MinValue = 1, MaxValue = EconomyCommandLimits.MaxAmount };

    public SlashCommandDefinition Definition { get; } = new("pay", "Pays coins from your wallet to another user", To, Amount);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var to = context.Options.Get(To);
        var target = context.ResolvedUser(to) ?? throw new CommandRejectedException(UnknownUser);
        var request = new PayRequest(to, context.Options.Get(Amount), TargetIsBot: target.Bot == true);
        var result = Require(await economy.User(context.UserId).PayAsync(scope.Context, request).WaitAsync(context.CancellationToken), scope, Mention(to));
        var paid = scope.Coins(result.Amount ?? request.Amount);
        var (description, color) = result.Transfer switch
        {
            TransferStatus.Refunded => ($"{Mention(to)} can't hold {paid} more, so the payment came back to you.", Loss),
            TransferStatus.Pending => ($"You paid {paid} to {Mention(to)}. It is on its way and will arrive shortly.", Success),
            _ => ($"You paid {paid} to {Mention(to)}.", Success),
        };
        await context.RespondAsync(null, [Embed("Payment", description, color, Field("Your wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}
