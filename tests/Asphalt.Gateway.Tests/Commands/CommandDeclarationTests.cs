using System.Text.Json;
using System.Text.Json.Nodes;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Discord.Models;

namespace Asphalt.Gateway.Tests.Commands;

public class CommandDeclarationTests
{
    private static readonly UserOption To = new("to", "Who gets the coins", required: true);
    private static readonly IntegerOption Amount = new("amount", "How many coins", required: true) { MinValue = 1, MaxValue = 1_000_000 };
    private static readonly StringOption Note = new("note", "A note for the receiver") { MaxLength = 20 };
    private static readonly StringOption Wallet = new("wallet", "Which balance to pay from") { Choices = [new("Wallet", "wallet"), new("Bank", "bank")] };
    private static readonly NumberOption Tip = new("tip", "Tip in percent") { MinValue = 0, MaxValue = 12.5 };
    private static readonly BooleanOption Anonymous = new("anonymous", "Hide your name");

    private static readonly SlashCommandDefinition Pay = new("pay", "Pay another user", To, Amount, Note, Wallet, Tip, Anonymous);

    [Fact]
    public void The_declaration_is_the_registration_payload()
    {
        var json = JsonSerializer.Serialize(Pay.ToPayload(), DiscordJsonContext.Default.ApplicationCommandPayload);
        var expected = """
        {"name":"pay","description":"Pay another user","type":1,"options":[
          {"type":6,"name":"to","description":"Who gets the coins","required":true},
          {"type":4,"name":"amount","description":"How many coins","required":true,"min_value":1,"max_value":1000000},
          {"type":3,"name":"note","description":"A note for the receiver","max_length":20},
          {"type":3,"name":"wallet","description":"Which balance to pay from","choices":[{"name":"Wallet","value":"wallet"},{"name":"Bank","value":"bank"}]},
          {"type":10,"name":"tip","description":"Tip in percent","min_value":0,"max_value":12.5},
          {"type":5,"name":"anonymous","description":"Hide your name"}]}
        """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(json)), json);
    }

    private static InteractionDataOption Sent(string name, ApplicationCommandOptionType type, string valueJson) =>
        new(name, type, JsonDocument.Parse(valueJson).RootElement.Clone(), null, null);

    private static readonly InteractionDataOption ValidTo = Sent("to", ApplicationCommandOptionType.User, "\"123456789012345678\"");

    [Fact]
    public void Parses_options_through_their_declarations()
    {
        var options = Pay.ParseOptions([ValidTo, Sent("amount", ApplicationCommandOptionType.Integer, "250"), Sent("wallet", ApplicationCommandOptionType.String, "\"bank\""),
            Sent("tip", ApplicationCommandOptionType.Number, "2.5"), Sent("anonymous", ApplicationCommandOptionType.Boolean, "true")], out var error);
        Assert.Null(error);
        Assert.Equal(123456789012345678L, options!.Get(To));
        Assert.Equal(250L, options.Get(Amount));
        Assert.Equal("bank", options.Get(Wallet));
        Assert.Equal(2.5, options.Get(Tip));
        Assert.True(options.Get(Anonymous));
        Assert.Equal("none", options.GetOrDefault(Note, "none"));
        Assert.False(options.Has(Note));
    }

    public static TheoryData<string, string, string> BadOptions => new()
    {
        { "amount", "0", "at least 1" },
        { "amount", "1000001", "at most 1000000" },
        { "amount", "\"ten\"", "whole number" },
        { "note", "\"this note is much too long\"", "at most 20 characters" },
        { "wallet", "\"crypto\"", "one of: Wallet, Bank" },
        { "tip", "13", "at most 12.5" },
        { "anonymous", "\"yes\"", "true or false" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Rejects_values_outside_the_declaration(string option, string valueJson, string expectedError)
    {
        var type = Pay.Options.Single(o => o.Name == option).Type;
        List<InteractionDataOption> sent = [ValidTo, Sent("amount", ApplicationCommandOptionType.Integer, "5")];
        sent.RemoveAll(o => o.Name == option);
        sent.Add(Sent(option, type, valueJson));
        Assert.Null(Pay.ParseOptions(sent, out var error));
        Assert.Contains(expectedError, error);
    }

    [Fact]
    public void A_missing_required_option_is_an_error()
    {
        Assert.Null(Pay.ParseOptions([ValidTo], out var error));
        Assert.Contains("`amount` is required", error);
    }

    [Fact]
    public void Unknown_or_mistyped_options_are_errors()
    {
        Assert.Null(Pay.ParseOptions([ValidTo, Sent("amount", ApplicationCommandOptionType.Integer, "5"), Sent("color", ApplicationCommandOptionType.String, "\"red\"")], out var unknown));
        Assert.Contains("no option `color`", unknown);
        Assert.Null(Pay.ParseOptions([ValidTo, Sent("amount", ApplicationCommandOptionType.String, "\"5\"")], out var mistyped));
        Assert.Contains("wrong type", mistyped);
    }

    [Theory]
    [InlineData("Pay")]
    [InlineData("pay money")]
    [InlineData("")]
    [InlineData("a-name-that-is-longer-than-thirty-two")]
    public void Invalid_names_fail_at_declaration(string name) =>
        Assert.Contains("name", Assert.Throws<ArgumentException>(() => new SlashCommandDefinition(name, "description")).Message);

    [Fact]
    public void Required_options_must_come_first_and_names_be_unique()
    {
        Assert.Throws<ArgumentException>(() => new SlashCommandDefinition("x", "d", new StringOption("a", "d"), new StringOption("b", "d", required: true)));
        Assert.Throws<ArgumentException>(() => new SlashCommandDefinition("x", "d", new StringOption("a", "d"), new IntegerOption("a", "d")));
        Assert.Throws<ArgumentException>(() => new SlashCommandDefinition("x", new string('d', 101)));
    }
}
