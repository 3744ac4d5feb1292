namespace Asphalt.Grains.Interfaces.Economy;

/// <summary>The shop catalogue of the configuration (Economy:Shop). Stateless: call with key 0.</summary>
[Alias("asphalt.economy.catalog")]
public interface IEconomyCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Read-only: every item for sale, in configuration order (/shop).</summary>
    [ReadOnly, Alias("shop")]
    Task<IReadOnlyList<ShopItem>> GetShopAsync();
}

public enum ItemEffect
{
    /// <summary>Using it credits <c>Value</c> coins.</summary>
    GrantCoins = 0,
    /// <summary>The next /work pays <c>Value</c> percent (150 = 1.5×).</summary>
    WorkBoost = 1,
    /// <summary>Shortens the running cooldown named by <c>Cooldown</c> by <c>Value</c> seconds.</summary>
    CooldownReduction = 2,
}

public enum CooldownKind { Daily = 0, Weekly = 1, Work = 2 }

[GenerateSerializer, Immutable, Alias("asphalt.economy.shop.item")]
public sealed record ShopItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] long Price,
    [property: Id(4)] ItemEffect Effect,
    [property: Id(5)] long Value,
    [property: Id(6)] CooldownKind? Cooldown);
