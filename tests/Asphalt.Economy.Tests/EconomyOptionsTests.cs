using Asphalt.Grains.Economy;
using Asphalt.Silo.Economy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Asphalt.Economy.Tests;

public sealed class EconomyOptionsTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddAsphaltEconomy(configuration).BuildServiceProvider();
    }

    [Fact]
    public void The_default_configuration_is_valid()
    {
        Assert.Empty(new EconomyOptions().Problems());
    }

    [Fact]
    public void The_coinflip_house_edge_is_two_and_a_half_percent()
    {
        Assert.Equal(0.025m, new GamblingOptions().CoinflipHouseEdge);
    }

    [Fact]
    public void The_default_slot_machine_returns_94_96_percent_as_in_its_documented_table()
    {
        var slots = new GamblingOptions().Slots;

        // 0.000008·500 + 0.000512·50 + 0.008·20 + 0.027·8 + 0.064·4 + 0.288·1 (see SlotMachine, docs/economy.md)
        Assert.Equal(0.9496m, slots.ReturnToPlayer);
        Assert.Equal(0.0504m, slots.HouseEdge);
    }

    [Fact]
    public void A_configured_shop_replaces_the_default_catalogue_instead_of_adding_to_it()
    {
        var options = Services(new()
        {
            ["Economy:Shop:0:Id"] = "medal",
            ["Economy:Shop:0:Name"] = "Medal",
            ["Economy:Shop:0:Price"] = "10",
            ["Economy:Shop:0:Effect"] = "GrantCoins",
            ["Economy:Shop:0:Value"] = "5",
            ["Economy:Daily:Reward"] = "7",
        }).GetRequiredService<IOptions<EconomyOptions>>().Value;

        Assert.Equal(["medal"], options.Catalogue.Select(i => i.Id));
        Assert.Equal(7, options.Daily.Reward);
        Assert.Equal(TimeSpan.FromHours(24), options.Daily.Cooldown); // the rest of the section keeps its defaults
    }

    [Fact]
    public void A_bad_configuration_fails_at_start_with_messages_that_say_what_to_fix()
    {
        var services = Services(new()
        {
            ["Economy:Work:MinPayout"] = "300",
            ["Economy:Gambling:CoinflipPayoutPercent"] = "200",
            ["Economy:Shop:0:Id"] = "printer",
            ["Economy:Shop:0:Name"] = "Money printer",
            ["Economy:Shop:0:Price"] = "10",
            ["Economy:Shop:0:Effect"] = "GrantCoins",
            ["Economy:Shop:0:Value"] = "11",
            ["Economy:Gambling:SlotPayouts:0:Symbol"] = "🍒",
            ["Economy:Gambling:SlotPayouts:0:Count"] = "2",
            ["Economy:Gambling:SlotPayouts:0:PayoutPercent"] = "1000",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("Economy:Work:MaxPayout (200) must be at least Economy:Work:MinPayout (300)"));
        Assert.Contains(error.Failures, f => f.Contains("Economy:Gambling:CoinflipPayoutPercent") && f.Contains("below 200"));
        Assert.Contains(error.Failures, f => f.Contains("Economy:Shop:0:Value (11) must not exceed its Price (10)"));
        Assert.DoesNotContain(error.Failures, f => f.Contains("slot table")); // reported once the table itself is well-formed…
    }

    [Fact]
    public void A_slot_table_that_pays_out_more_than_it_takes_is_refused()
    {
        var options = new EconomyOptions
        {
            Gambling = new GamblingOptions { SlotPayouts = [new() { Symbol = "🍒", Count = 2, PayoutPercent = 1_000 }] },
        };

        Assert.Contains(options.Problems(), p => p.Contains("slot table returns") && p.Contains("lower SlotPayouts"));
    }
}
