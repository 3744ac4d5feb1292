using System.Globalization;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Grains.Interfaces.Economy;
using static Asphalt.Gateway.Commands.Economy.EconomyMessages;

namespace Asphalt.Gateway.Commands.Economy;

/// <summary>/shop: the catalogue (Economy:Shop of the silo).</summary>
public sealed class ShopCommand(EconomyGuard economy) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("shop", "Lists the items you can buy");

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var items = await economy.Grains.GetGrain<IEconomyCatalogGrain>(0).GetShopAsync().WaitAsync(context.CancellationToken);
        if (items.Count == 0)
        {
            await context.RespondAsync(null, [Embed("Shop", "The shop is empty.")]);
            return;
        }
        var fields = items.Take(EconomyCommandLimits.MaxEmbedFields)
            .Select(i => Field($"{i.Name} — {scope.Coins(i.Price)}", $"{i.Description}\n`/buy item:{i.Id}`", inline: false)).ToArray();
        await context.RespondAsync(null, [Embed("Shop", "Buy with `/buy item:<id> [quantity]`, use with `/use item:<id>`.", Info, fields)]);
    }

    /// <summary>"There is no item `x` in the shop. Items: `coffee`, `alarm_clock` …" — the catalogue's ids, for an unknown item.</summary>
    internal static async Task<string> UnknownItemAsync(EconomyGuard economy, string item, CancellationToken cancellationToken)
    {
        var items = await economy.Grains.GetGrain<IEconomyCatalogGrain>(0).GetShopAsync().WaitAsync(cancellationToken);
        var ids = string.Join(", ", items.Select(i => $"`{i.Id}`"));
        return items.Count == 0 ? $"There is no item `{item}`: the shop is empty." : $"There is no item `{item}` in the shop. Items: {ids}.";
    }
}

/// <summary>/buy item [quantity]: the item is free text (a catalogue id, any case), checked by the grain.</summary>
public sealed class BuyCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly StringOption Item = new("item", "The item's id from /shop (e.g. coffee)", required: true) { MinLength = 1, MaxLength = EconomyCommandLimits.MaxItemLength };

    private static readonly IntegerOption Quantity = new("quantity", "How many (default 1)") { MinValue = 1, MaxValue = EconomyCommandLimits.MaxPurchaseQuantity };

    public SlashCommandDefinition Definition { get; } = new("buy", "Buys an item from the shop", Item, Quantity);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var item = context.Options.Get(Item).Trim();
        var quantity = (int)context.Options.GetOrDefault(Quantity, 1);
        var result = await economy.User(context.UserId).BuyAsync(scope.Context, item, quantity).WaitAsync(context.CancellationToken);
        if (result.Outcome == EconomyOutcome.UnknownItem) throw new CommandRejectedException(await ShopCommand.UnknownItemAsync(economy, item, context.CancellationToken));
        Require(result, scope);
        var name = await ItemNames.NameAsync(economy, result.ItemId ?? item, context.CancellationToken);
        var description = $"You bought **{quantity}× {name}** for {scope.Coins(-result.Delta)}. You now own {result.Quantity?.ToString("N0", CultureInfo.InvariantCulture)}.";
        await context.RespondAsync(null, [Embed("Purchase", description, Success, Field("Wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}

/// <summary>/inventory: the invoker's items.</summary>
public sealed class InventoryCommand(EconomyGuard economy) : ISlashCommand
{
    public SlashCommandDefinition Definition { get; } = new("inventory", "Lists the items you own");

    public async Task ExecuteAsync(CommandContext context)
    {
        await economy.EnterAsync(context);
        var profile = await economy.User(context.UserId).GetProfileAsync().WaitAsync(context.CancellationToken);
        var description = profile.Inventory.Count == 0
            ? "Your inventory is empty. See `/shop`."
            : string.Join("\n", profile.Inventory.Select(i => $"**{i.Quantity.ToString("N0", CultureInfo.InvariantCulture)}× {i.Name}** (`{i.ItemId}`)"));
        var footer = profile.WorkBoostPercent is { } boost ? $"\nActive: your next /work pays {boost} %." : "";
        await context.RespondAsync(null, [Embed("Inventory", description + footer)]);
    }
}

/// <summary>/use item: applies one item's effect (coins, a work boost, a shorter cooldown).</summary>
public sealed class UseCommand(EconomyGuard economy) : ISlashCommand
{
    private static readonly StringOption Item = new("item", "The item's id from /inventory (e.g. coffee)", required: true) { MinLength = 1, MaxLength = EconomyCommandLimits.MaxItemLength };

    public SlashCommandDefinition Definition { get; } = new("use", "Uses one of your items", Item);

    public async Task ExecuteAsync(CommandContext context)
    {
        var scope = await economy.EnterAsync(context);
        var item = context.Options.Get(Item).Trim();
        var result = await economy.User(context.UserId).UseAsync(scope.Context, item).WaitAsync(context.CancellationToken);
        if (result.Outcome == EconomyOutcome.UnknownItem) throw new CommandRejectedException(await ShopCommand.UnknownItemAsync(economy, item, context.CancellationToken));
        Require(result, scope);
        var shopItem = await ItemNames.FindAsync(economy, result.ItemId ?? item, context.CancellationToken);
        var name = shopItem?.Name ?? result.ItemId ?? item;
        var effect = shopItem?.Effect switch
        {
            ItemEffect.GrantCoins => $"It gave you {scope.Coins(result.Delta)}.",
            ItemEffect.WorkBoost => $"Your next `/work` pays {shopItem.Value} %.",
            ItemEffect.CooldownReduction when result.RetryAt is { } end => $"Your {shopItem.Cooldown?.ToString().ToLowerInvariant()} cooldown now ends {Relative(end)}.",
            _ => "Done.",
        };
        await context.RespondAsync(null, [Embed("Item used", $"You used **{name}**. {effect}", Success,
            Field("Left", (result.Quantity ?? 0).ToString("N0", CultureInfo.InvariantCulture)), Field("Wallet", scope.Coins(result.Balance.Wallet)))]);
    }
}

internal static class ItemNames
{
    public static async Task<ShopItem?> FindAsync(EconomyGuard economy, string id, CancellationToken cancellationToken) =>
        (await economy.Grains.GetGrain<IEconomyCatalogGrain>(0).GetShopAsync().WaitAsync(cancellationToken))
            .FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

    public static async Task<string> NameAsync(EconomyGuard economy, string id, CancellationToken cancellationToken) =>
        (await FindAsync(economy, id, cancellationToken))?.Name ?? id;
}
