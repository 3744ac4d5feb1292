using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Control;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Tests.Discord;

public sealed class InteractionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_slash_command_reaches_the_guilds_shard_with_a_realistic_payload()
    {
        var options = EmulatorBuilder.Options(guilds: 6, shards: 2) with { MaxConcurrency = 2 };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        var guild = emulator.Guilds.First(g => g.ShardId(2) == 1);
        var (shard1, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, 1, 2, intents: 0);
        await using var _ = shard1;

        var interaction = await emulator.SendSlashCommandAsync(
            guild.Id, 9001, "pay", [CommandOptionValue.User("to", 9002), CommandOptionValue.Integer("amount", 50)], memberPermissions: Permissions.Administrator);

        var frame = await shard1.ReceiveDispatchAsync("INTERACTION_CREATE");
        var d = frame["d"]!;
        Assert.Equal(interaction.Seq, (long)frame["s"]!);
        Assert.Equal(interaction.Id.ToString(), (string?)d["id"]);
        Assert.Equal(interaction.Token, (string?)d["token"]);
        Assert.Equal(2, (int)d["type"]!);
        Assert.Equal(1, (int)d["version"]!);
        Assert.Equal(emulator.Options.ApplicationId.ToString(), (string?)d["application_id"]);
        Assert.Equal(guild.Id.ToString(), (string?)d["guild_id"]);
        Assert.Equal(guild.DefaultTextChannel.Id.ToString(), (string?)d["channel_id"]);
        Assert.Equal("pay", (string?)d["data"]!["name"]);
        Assert.Equal(1, (int)d["data"]!["type"]!);
        Assert.Equal("9002", (string?)d["data"]!["options"]![0]!["value"]);
        Assert.Equal(6, (int)d["data"]!["options"]![0]!["type"]!);
        Assert.Equal(50, (long)d["data"]!["options"]![1]!["value"]!);
        Assert.NotNull(d["data"]!["resolved"]!["users"]!["9002"]);
        Assert.Equal("9001", (string?)d["member"]!["user"]!["id"]);
        Assert.Equal(Permissions.Administrator.ToString(), (string?)d["member"]!["permissions"]);
        Assert.NotNull((string?)d["app_permissions"]);
        Assert.Equal("en-US", (string?)d["locale"]);
    }

    [Fact]
    public async Task A_deferred_reply_completes_when_the_original_is_edited()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 1));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;
        using var http = EmulatorBuilder.Http(emulator);
        var interaction = await emulator.SendSlashCommandAsync(emulator.Guilds[0].Id, 1234, "balance");
        var final = interaction.WaitForFinalReplyAsync(Timeout);

        var deferred = await http.PostAsJsonAsync($"interactions/{interaction.Id}/{interaction.Token}/callback", new { type = 5 });
        Assert.Equal(HttpStatusCode.NoContent, deferred.StatusCode);
        var callback = await interaction.WaitForCallbackAsync(Timeout);
        Assert.Equal(InteractionCallbackTypes.DeferredChannelMessageWithSource, callback.CallbackType);
        Assert.False(final.IsCompleted);

        var original = await http.GetFromJsonAsync<JsonObject>($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/@original");
        Assert.Equal(128, (int)original!["flags"]!);

        var edit = await http.PatchAsJsonAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/@original", new { content = "You have 100 coins" });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        var reply = await final;
        Assert.True(reply.Deferred);
        Assert.Equal(InteractionCallbackTypes.DeferredChannelMessageWithSource, reply.CallbackType);
        Assert.Equal("You have 100 coins", reply.Content);
        Assert.Equal("You have 100 coins", (string?)interaction.OriginalMessage!["content"]);
        Assert.Equal(0, (int)interaction.OriginalMessage!["flags"]!);

        var followUp = await http.PostAsJsonAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}", new { content = "and a follow-up", flags = 64 });
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        var created = await interaction.WaitForFollowUpAsync(timeout: Timeout);
        Assert.Equal("and a follow-up", (string?)created["content"]);
        var followUpId = (string)created["id"]!;

        var editFollowUp = await http.PatchAsJsonAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/{followUpId}", new { content = "edited" });
        Assert.Equal("edited", (string?)(await editFollowUp.Content.ReadFromJsonAsync<JsonObject>())!["content"]);
        var deleteFollowUp = await http.DeleteAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/{followUpId}");
        Assert.Equal(HttpStatusCode.NoContent, deleteFollowUp.StatusCode);
        Assert.Empty(interaction.FollowUps);

        var deleteOriginal = await http.DeleteAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/@original");
        Assert.Equal(HttpStatusCode.NoContent, deleteOriginal.StatusCode);
        Assert.Null(interaction.OriginalMessage);
        Assert.Equal(
            [InteractionEventKind.Callback, InteractionEventKind.OriginalEdited, InteractionEventKind.FollowUpCreated, InteractionEventKind.FollowUpEdited, InteractionEventKind.FollowUpDeleted, InteractionEventKind.OriginalDeleted],
            interaction.Events.Snapshot().Select(e => e.Kind));
    }

    [Fact]
    public async Task An_immediate_reply_is_final_and_a_second_callback_is_40060()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 1));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;
        using var http = EmulatorBuilder.Http(emulator, token: null);
        var interaction = await emulator.SendSlashCommandAsync(emulator.Guilds[0].Id, 1234, "ping");
        var url = $"interactions/{interaction.Id}/{interaction.Token}/callback";

        var first = await http.PostAsJsonAsync(url + "?with_response=true", new { type = 4, data = new { content = "pong", flags = 64 } });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var response = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("pong", (string?)response["resource"]!["message"]!["content"]);
        Assert.True((bool)response["interaction"]!["response_message_ephemeral"]!);

        var reply = await interaction.WaitForFinalReplyAsync(Timeout);
        Assert.False(reply.Deferred);
        Assert.Equal("pong", reply.Content);
        Assert.True(reply.Ephemeral);

        var second = await http.PostAsJsonAsync(url, new { type = 4, data = new { content = "again" } });
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(40060, (int)(await second.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
        Assert.Single(interaction.Events.Snapshot());
    }

    [Fact]
    public async Task A_callback_after_the_deadline_or_for_an_unknown_interaction_is_10062()
    {
        var options = EmulatorBuilder.Options(guilds: 1) with { InteractionCallbackDeadline = TimeSpan.FromMilliseconds(200) };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;
        using var http = EmulatorBuilder.Http(emulator);
        var interaction = await emulator.SendSlashCommandAsync(emulator.Guilds[0].Id, 1234, "slow");

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var late = await http.PostAsJsonAsync($"interactions/{interaction.Id}/{interaction.Token}/callback", new { type = 5 });
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Equal(10062, (int)(await late.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
        Assert.False(interaction.Acknowledged);

        var unknown = await http.PostAsJsonAsync($"interactions/{interaction.Id}/wrong-token/callback", new { type = 5 });
        Assert.Equal(10062, (int)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
    }

    [Fact]
    public async Task Callback_types_are_checked_against_the_interaction_type()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 1));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;
        using var http = EmulatorBuilder.Http(emulator);
        var guild = emulator.Guilds[0].Id;

        var command = await emulator.SendSlashCommandAsync(guild, 1, "play");
        var wrong = await http.PostAsJsonAsync($"interactions/{command.Id}/{command.Token}/callback", new { type = 7, data = new { content = "x" } });
        Assert.Equal(50035, (int)(await wrong.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
        Assert.False(command.Acknowledged);

        var autocomplete = await emulator.SendAutocompleteAsync(guild, 1, "play", [CommandOptionValue.String("query", "never gonna", focused: true)]);
        var choices = new { type = 8, data = new { choices = new[] { new { name = "Never Gonna Give You Up", value = "dQw4w9WgXcQ" } } } };
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync($"interactions/{autocomplete.Id}/{autocomplete.Token}/callback", choices)).StatusCode);
        var result = await autocomplete.WaitForFinalReplyAsync(Timeout);
        Assert.Equal("dQw4w9WgXcQ", (string?)result.Choices[0]!["value"]);
        Assert.True((bool)autocomplete.Payload["data"]!["options"]![0]!["focused"]!);

        var button = await emulator.SendButtonClickAsync(guild, 1, "queue:next", new JsonObject { ["id"] = "55", ["content"] = "page 1" });
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsJsonAsync($"interactions/{button.Id}/{button.Token}/callback", new { type = 7, data = new { content = "page 2" } })).StatusCode);
        var updated = await button.WaitForFinalReplyAsync(Timeout);
        Assert.Equal("page 2", updated.Content);
        Assert.Equal("55", (string?)updated.Message!["id"]);
    }

    [Fact]
    public async Task Interaction_webhooks_require_an_acknowledged_interaction_of_this_application()
    {
        await using var emulator = await EmulatorBuilder.StartAsync(EmulatorBuilder.Options(guilds: 1));
        var (client, _) = await GatewayTestClient.IdentifyAsync(emulator.GatewayUrl, EmulatorBuilder.Token, intents: 0);
        await using var _ = client;
        using var http = EmulatorBuilder.Http(emulator);
        var interaction = await emulator.SendSlashCommandAsync(emulator.Guilds[0].Id, 1, "ping");

        var beforeAck = await http.PatchAsJsonAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/@original", new { content = "x" });
        Assert.Equal(10015, (int)(await beforeAck.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);

        await http.PostAsJsonAsync($"interactions/{interaction.Id}/{interaction.Token}/callback", new { type = 5 });
        var otherApp = await http.PatchAsJsonAsync($"webhooks/42/{interaction.Token}/messages/@original", new { content = "x" });
        Assert.Equal(10015, (int)(await otherApp.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
        var emptyEdit = await http.PatchAsJsonAsync($"webhooks/{emulator.Options.ApplicationId}/{interaction.Token}/messages/@original", new { content = "" });
        Assert.Equal(50006, (int)(await emptyEdit.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
        Assert.DoesNotContain(interaction.Events.Snapshot(), e => e.Kind == InteractionEventKind.OriginalEdited);
    }
}
