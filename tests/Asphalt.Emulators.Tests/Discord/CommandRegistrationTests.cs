using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Asphalt.Emulators.Tests.Discord;

public sealed class CommandRegistrationTests
{
    private static object Balance(string description = "Shows your balance") => new
    {
        name = "balance",
        description,
        options = new object[] { new { type = 6, name = "user", description = "Whose balance", required = false } },
    };

    [Fact]
    public async Task A_valid_overwrite_is_stored_with_ids_that_survive_the_next_overwrite()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);
        var url = $"applications/{emulator.Options.ApplicationId}/commands";
        var music = new
        {
            name = "music",
            description = "Music controls",
            options = new object[]
            {
                new { type = 1, name = "play", description = "Play a track", options = new object[] { new { type = 3, name = "query", description = "What to play", required = true, autocomplete = true } } },
                new { type = 2, name = "queue", description = "The queue", options = new object[] { new { type = 1, name = "show", description = "Show it" } } },
            },
        };

        var first = await http.PutAsJsonAsync(url, new object[] { Balance(), music, new { type = 2, name = "Show Balance" } });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stored = (await first.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(3, stored.Count);
        Assert.All(stored, c => Assert.False(string.IsNullOrEmpty((string?)c!["id"])));
        Assert.All(stored, c => Assert.Equal(emulator.Options.ApplicationId.ToString(), (string?)c!["application_id"]));
        var balanceId = (string?)stored.Single(c => (string?)c!["name"] == "balance")!["id"];

        var second = (await (await http.PutAsJsonAsync(url, new[] { Balance("Your coins") })).Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Single(second);
        Assert.Equal(balanceId, (string?)second[0]!["id"]);
        Assert.Equal("Your coins", (string?)emulator.RegisteredCommands()[0]!["description"]);
        Assert.Equal(2, emulator.Log.CommandRegistrations.Count);

        var listed = (await http.GetFromJsonAsync<JsonArray>(url))!;
        Assert.Equal("balance", (string?)listed.Single()!["name"]);
    }

    [Fact]
    public async Task Guild_commands_are_kept_per_guild_and_used_by_slash_commands()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 2));
        using var http = EmulatorBuilder.Http(emulator);
        var guild = emulator.Guilds[0].Id;

        var response = await http.PutAsJsonAsync($"applications/{emulator.Options.ApplicationId}/guilds/{guild}/commands", new[] { Balance() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(guild.ToString(), (string?)stored[0]!["guild_id"]);
        Assert.Single(emulator.RegisteredCommands(guild));
        Assert.Empty(emulator.RegisteredCommands(emulator.Guilds[1].Id));
        Assert.Empty(emulator.RegisteredCommands());

        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;
        var interaction = await emulator.SendSlashCommandAsync(guild, 5, "balance");
        Assert.Equal((string?)stored[0]!["id"], (string?)interaction.Payload["data"]!["id"]);

        var unknownGuild = await http.PutAsJsonAsync($"applications/{emulator.Options.ApplicationId}/guilds/1/commands", new[] { Balance() });
        Assert.Equal(HttpStatusCode.Forbidden, unknownGuild.StatusCode);
    }

    [Fact]
    public async Task An_invalid_overwrite_is_refused_with_50035_errors_at_each_path_and_changes_nothing()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);
        var url = $"applications/{emulator.Options.ApplicationId}/commands";
        await http.PutAsJsonAsync(url, new[] { Balance() });

        var invalid = new object[]
        {
            new { name = "Balance", description = "Upper case is not allowed" },
            new { name = "pay", description = new string('d', 101) },
            new
            {
                name = "give",
                description = "Give coins",
                options = new object[]
                {
                    new { type = 4, name = "amount", description = "How much", required = false },
                    new { type = 6, name = "user", description = "To whom", required = true },
                    new { type = 12, name = "bad", description = "No such type" },
                },
            },
            new { name = "ping" },
        };
        var response = await http.PutAsJsonAsync(url, invalid);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(50035, (int)body["code"]!);
        Assert.Equal("Invalid Form Body", (string?)body["message"]);
        var errors = body["errors"]!;
        Assert.Equal("APPLICATION_COMMAND_INVALID_NAME", Code(errors["0"]!["name"]));
        Assert.Equal("BASE_TYPE_BAD_LENGTH", Code(errors["1"]!["description"]));
        Assert.Equal("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", Code(errors["2"]!["options"]!["1"]!["required"]));
        Assert.Equal("BASE_TYPE_CHOICES", Code(errors["2"]!["options"]!["2"]!["type"]));
        Assert.Equal("BASE_TYPE_REQUIRED", Code(errors["3"]!["description"]));
        Assert.Equal("balance", (string?)emulator.RegisteredCommands().Single()!["name"]);
    }

    [Fact]
    public async Task Options_limits_and_nesting_rules_are_enforced()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);
        var url = $"applications/{emulator.Options.ApplicationId}/commands";
        var tooManyChoices = Enumerable.Range(0, 26).Select(i => new { name = $"c{i}", value = $"v{i}" }).ToArray();
        var invalid = new object[]
        {
            new { name = "pick", description = "Pick", options = new object[] { new { type = 3, name = "choice", description = "One", choices = tooManyChoices } } },
            new { name = "mixed", description = "Mixed", options = new object[] { new { type = 1, name = "sub", description = "Sub" }, new { type = 3, name = "text", description = "Text" } } },
            new { name = "deep", description = "Deep", options = new object[] { new { type = 2, name = "group", description = "Group", options = new object[] { new { type = 2, name = "inner", description = "Nested group" } } } } },
            new { name = "many", description = "Many", options = Enumerable.Range(0, 26).Select(i => new { type = 3, name = $"o{i}", description = "x" }).ToArray() },
        };

        var response = await http.PutAsJsonAsync(url, invalid);

        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!;
        Assert.Equal("BASE_TYPE_MAX_LENGTH", Code(errors["0"]!["options"]!["0"]!["choices"]));
        Assert.Equal("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", Code(errors["1"]!["options"]));
        Assert.Equal("APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", Code(errors["2"]!["options"]!["0"]!["options"]!["0"]!["type"]));
        Assert.Equal("BASE_TYPE_MAX_LENGTH", Code(errors["3"]!["options"]));
        Assert.Empty(emulator.RegisteredCommands());
    }

    private static string? Code(JsonNode? field) => (string?)field?["_errors"]?[0]?["code"];
}
