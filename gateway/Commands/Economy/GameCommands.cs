using Asphalt.Grains.Interfaces.Economy;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>/coinflip bet side: a fair coin; a win pays the configured payout (house edge in docs/economy.md).</summary>
public sealed class CoinflipCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly IntegerOption Bet = new("bet", "How many coins to bet", required: true) { MinValue = 1, MaxValue = EconomyCommandLimits.MaxAmount };

    private static readonly StringOption Side = new("side", "Heads or tails", required: true) { Choices = [new("Heads", "heads"), new("Tails", "tails")] };

    public SlashCommandDefinition Definition { get; } = new("coinflip", "Bets coins on a coin flip", Bet, Side);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var side = context.Options.Get(Side) == "heads" ? CoinSide.Heads : CoinSide.Tails;
        var result = Require(await economy.User(context.UserId).CoinflipAsync(scope.Context, context.Options.Get(Bet), side).WaitAsync(context.CancellationToken), scope);
        var landed = (result.Gamble?.Landed ?? side) == CoinSide.Heads ? "heads" : "tails";
        var won = result.Delta > 0;
        var description = won
            ? $"The coin landed on **{landed}**. You won {scope.Coins(result.Delta)}!"
            : $"The coin landed on **{landed}**. You lost {scope.Coins(result.Amount ?? -result.Delta)}.";
        await context.RespondAsync(null, [Embed("Coinflip", description, won ? Success : Loss, Field("Wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}

/// <summary>/slots bet: three weighted reels; the payout table and house edge are in docs/economy.md.</summary>
public sealed class SlotsCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly IntegerOption Bet = new("bet", "How many coins to bet", required: true) { MinValue = 1, MaxValue = EconomyCommandLimits.MaxAmount };

    public SlashCommandDefinition Definition { get; } = new("slots", "Bets coins on the slot machine", Bet);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var result = Require(await economy.User(context.UserId).SlotsAsync(scope.Context, context.Options.Get(Bet)).WaitAsync(context.CancellationToken), scope);
        var reels = string.Join(" | ", result.Gamble?.Reels ?? []);
        var (outcome, color) = result.Delta switch
        {
            > 0 => ($"You won {scope.Coins(result.Delta)}!", Success),
            0 => ("You got your bet back.", Info),
            _ => ($"You lost {scope.Coins(-result.Delta)}.", Loss),
        };
        await context.RespondAsync(null, [Embed("Slots", $"**[ {reels} ]**\n{outcome}", color, Field("Wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}
