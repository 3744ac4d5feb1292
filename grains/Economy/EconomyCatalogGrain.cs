using Orleans.Concurrency;
using Asphalt.Grains.Interfaces.Economy;
using Microsoft.Extensions.Options;

namespace Asphalt.Grains.Economy;

[StatelessWorker]
public sealed class EconomyCatalogGrain(IOptions<EconomyOptions> options) : Grain, IEconomyCatalogGrain
{
    private readonly IReadOnlyList<ShopItem> _shop = options.Value.Catalogue.Select(i => i.ToShopItem()).ToList();

    public Task<IReadOnlyList<ShopItem>> GetShopAsync() => Task.FromResult(_shop);
}
