using System.Text.Json;
using System.Text.Json.Nodes;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Commands.Economy;
using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Models;
using Asphalt.Grains.Interfaces.Economy;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Asphalt.Gateway.Tests.Commands;

public class EconomyCommandDeclarationTests
{
    private static readonly CoinAmountOption Amount = new("amount", "How much", required: true);

    private static IReadOnlyList<ISlashCommand> EconomyCommands()
    {
        // The declarations need no cluster: resolve them with a grain factory that is never called.
        var services = new ServiceCollection().AddSingleton<IGrainFactory>(_ => null!).AddEconomyCommands();
        return services.BuildServiceProvider().GetServices<ISlashCommand>().ToArray();
    }

    [Fact]
    public void Every_economy_command_is_declared_once_with_a_valid_payload()
    {
        var names = EconomyCommands().Select(c => c.Definition.Name).ToArray();

        Assert.Equal(["balance", "buy", "coinflip", "daily", "deposit", "inventory", "leaderboard", "pay", "profile", "settings", "shop", "slots", "use", "weekly",
            "withdraw", "work"], names.Order());
        foreach (var command in EconomyCommands())
            JsonSerializer.Serialize(command.Definition.ToPayload(), DiscordJsonContext.Default.ApplicationCommandPayload);
    }

    [Fact]
    public void Amount_and_bet_options_declare_their_limits_to_discord()
    {
        var payloads = EconomyCommands().ToDictionary(c => c.Definition.Name, c => JsonNode.Parse(
            JsonSerializer.Serialize(c.Definition.ToPayload(), DiscordJsonContext.Default.ApplicationCommandPayload))!);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"type":3,"name":"amount","description":"How much to deposit: a number (like 500 or 2.5k) or all","required":true,"min_length":1,"max_length":24}
            """), payloads["deposit"]["options"]![0]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"type":6,"name":"user","description":"Who gets the coins","required":true},
             {"type":4,"name":"amount","description":"How many coins to pay","required":true,"min_value":1,"max_value":1000000000000}]
            """), payloads["pay"]["options"]));
        Assert.Equal("""[{"name":"Heads","value":"heads"},{"name":"Tails","value":"tails"}]""", payloads["coinflip"]["options"]![1]!["choices"]!.ToJsonString());
        Assert.Equal(100, (int)payloads["buy"]["options"]![1]!["max_value"]!);
        Assert.Equal("""[{"name":"Server","value":"server"},{"name":"Global","value":"global"}]""", payloads["leaderboard"]["options"]![0]!["choices"]!.ToJsonString());
        Assert.Equal(["economy", "currency_name", "currency_symbol", "allow_channel", "disallow_channel", "clear_channels"],
            payloads["settings"]["options"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.Equal(7, (int)payloads["settings"]["options"]![3]!["type"]!); // CHANNEL
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData(" 2500 ", 2500L)]
    [InlineData("2,500", 2500L)]
    [InlineData("2_500", 2500L)]
    [InlineData("2.5k", 2500L)]
    [InlineData("3M", 3_000_000L)]
    [InlineData("1b", 1_000_000_000L)]
    [InlineData("1000b", 1_000_000_000_000L)]
    public void An_amount_is_a_whole_number_or_a_shorthand(string text, long coins)
    {
        Assert.True(Amount.TryParse(JsonSerializer.SerializeToElement(text), out var parsed, out var error), error);
        Assert.Equal(CoinAmount.Of(coins), parsed);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("ALL")]
    [InlineData(" All ")]
    public void An_amount_can_be_all(string text)
    {
        Assert.True(Amount.TryParse(JsonSerializer.SerializeToElement(text), out var parsed, out _));
        Assert.Equal(CoinAmount.Everything, parsed);
    }

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("-3", "at least 1")]
    [InlineData("0.5", "whole number")]
    [InlineData("1.0001k", "whole number")]
    [InlineData("1000000000001", "at most 1,000,000,000,000")]
    [InlineData("1001b", "at most 1,000,000,000,000")]
    [InlineData("999999999999999999999999b", "at most 1,000,000,000,000")]
    [InlineData("9999999999999999999999999999999", "at most 1,000,000,000,000")]
    [InlineData("lots", "a number of coins")]
    [InlineData("1e5", "a number of coins")]
    [InlineData("k", "a number of coins")]
    [InlineData("", "a number of coins")]
    public void Anything_else_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(Amount.TryParse(JsonSerializer.SerializeToElement(text), out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_number_where_text_is_declared_is_refused()
    {
        Assert.False(Amount.TryParse(JsonSerializer.SerializeToElement(5), out _, out var error));
        Assert.Equal("`amount` must be a number of coins or `all`.", error);
    }

    [Theory]
    [InlineData(0UL, false)]
    [InlineData(DiscordPermissions.ManageGuild, true)]
    [InlineData(DiscordPermissions.Administrator, true)]
    [InlineData((1UL << 31) | (1UL << 11), false)]
    public void Manage_server_or_administrator_is_required_for_settings(ulong permissions, bool allowed) =>
        Assert.Equal(allowed, DiscordPermissions.Has(permissions, DiscordPermissions.ManageGuild));
}
