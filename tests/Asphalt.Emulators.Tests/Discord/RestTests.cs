using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Rest;

namespace Asphalt.Emulators.Tests.Discord;

public sealed class RestTests
{
    [Fact]
    public async Task Requests_without_the_bot_token_get_401_in_discords_shape()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var anonymous = EmulatorBuilder.Http(emulator, token: null);
        using var wrong = EmulatorBuilder.Http(emulator, token: "wrong");

        foreach (var http in new[] { anonymous, wrong })
        {
            var response = await http.GetAsync("gateway/bot");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await Json(response);
            Assert.Equal("401: Unauthorized", (string?)body["message"]);
            Assert.Equal(0, (int)body["code"]!);
        }

        var requests = emulator.Log.RestRequests.Snapshot();
        Assert.Equal([false, true], requests.Select(r => r.HadAuthorization));
        Assert.All(requests, r => Assert.Equal(401, r.Status));
        Assert.All(requests, r => Assert.Contains("asphalt-tests", r.UserAgent));
    }

    [Fact]
    public async Task Get_gateway_needs_no_token_and_points_at_the_emulator()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var anonymous = EmulatorBuilder.Http(emulator, token: null);

        var gateway = await Json(await anonymous.GetAsync("gateway"));

        Assert.Equal(emulator.GatewayUrl, (string?)gateway["url"]);
        Assert.StartsWith("ws://127.0.0.1:", emulator.GatewayUrl);
        Assert.Equal(RestRoutes.GetGateway, emulator.Log.RestRequests.Snapshot().Single().Route);
    }

    [Fact]
    public async Task Current_application_and_user_identify_the_bot()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);

        var app = await Json(await http.GetAsync("applications/@me"));
        var oauth = await Json(await http.GetAsync("oauth2/applications/@me"));
        var me = await Json(await http.GetAsync("users/@me"));

        Assert.Equal(emulator.Options.ApplicationId.ToString(), (string?)app["id"]);
        Assert.Equal(emulator.Options.ApplicationId.ToString(), (string?)oauth["id"]);
        Assert.Equal(emulator.Options.BotUserId.ToString(), (string?)me["id"]);
        Assert.True((bool)me["bot"]!);
    }

    [Fact]
    public async Task Every_response_carries_rate_limit_headers_and_an_exhausted_bucket_gets_429()
    {
        var options = EmulatorBuilder.Options() with
        {
            RateLimits = new RestRateLimitOptions { Routes = new Dictionary<string, RouteLimit> { [RestRoutes.CreateMessage] = new(2, TimeSpan.FromSeconds(60)) } },
        };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        using var http = EmulatorBuilder.Http(emulator);
        var channel = emulator.Guilds[0].DefaultTextChannel.Id;
        var otherChannel = emulator.Guilds[1].DefaultTextChannel.Id;

        var first = await http.PostAsJsonAsync($"channels/{channel}/messages", new { content = "one" });
        var second = await http.PostAsJsonAsync($"channels/{channel}/messages", new { content = "two" });
        var third = await http.PostAsJsonAsync($"channels/{channel}/messages", new { content = "three" });
        var elsewhere = await http.PostAsJsonAsync($"channels/{otherChannel}/messages", new { content = "other bucket" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2", Header(first, "X-RateLimit-Limit"));
        Assert.Equal("1", Header(first, "X-RateLimit-Remaining"));
        Assert.Equal("0", Header(second, "X-RateLimit-Remaining"));
        Assert.True(double.Parse(Header(first, "X-RateLimit-Reset-After")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(Header(first, "X-RateLimit-Reset")!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(Header(first, "X-RateLimit-Bucket"), Header(elsewhere, "X-RateLimit-Bucket"));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("user", Header(third, "X-RateLimit-Scope"));
        Assert.Null(Header(third, "X-RateLimit-Global"));
        Assert.NotNull(third.Headers.RetryAfter);
        var limited = await Json(third);
        Assert.False((bool)limited["global"]!);
        Assert.InRange((double)limited["retry_after"]!, 0.001, 60);

        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(3, emulator.Log.ChannelMessages.Count);
    }

    [Theory]
    [InlineData(RateLimitScope.Global, "global", true)]
    [InlineData(RateLimitScope.Shared, "shared", false)]
    [InlineData(RateLimitScope.User, "user", false)]
    public async Task An_injected_burst_of_429s_hits_the_route_then_clears(RateLimitScope scope, string header, bool global)
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);
        emulator.InjectRateLimits(RestRoutes.GetGatewayBot, 2, scope, TimeSpan.FromSeconds(1.5));

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            responses.Add(await http.GetAsync("gateway/bot"));
        }

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], responses.Select(r => r.StatusCode));
        var body = await Json(responses[0]);
        Assert.Equal(1.5, (double)body["retry_after"]!);
        Assert.Equal(global, (bool)body["global"]!);
        Assert.Equal(header, Header(responses[0], "X-RateLimit-Scope"));
        Assert.Equal(global ? "true" : null, Header(responses[0], "X-RateLimit-Global"));
        Assert.Equal(TimeSpan.FromSeconds(2), responses[0].Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("users/@me")).StatusCode);
    }

    [Fact]
    public async Task The_global_limit_applies_across_routes_but_not_to_interaction_webhooks()
    {
        var options = EmulatorBuilder.Options() with { RateLimits = new RestRateLimitOptions { GlobalRequestsPerSecond = 3, Default = new RouteLimit(100, TimeSpan.FromSeconds(1)) } };
        await using var emulator = await EmulatorBuilder.StartAsync(options);
        using var http = EmulatorBuilder.Http(emulator);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await http.GetAsync(i % 2 == 0 ? "users/@me" : "applications/@me")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var limited = emulator.Log.RestRequests.Snapshot().First(r => r.Status == 429);
        Assert.NotNull(limited.Route);

        // Webhook routes are exempt: an unknown token still gets Discord's 404, not a 429.
        var webhook = await http.GetAsync($"webhooks/{emulator.Options.ApplicationId}/nope/messages/@original");
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
        Assert.Equal(10015, (int)(await Json(webhook))["code"]!);
    }

    [Fact]
    public async Task Malformed_json_is_50109_and_unknown_routes_are_404()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);
        var channel = emulator.Guilds[0].DefaultTextChannel.Id;

        var malformed = await http.PostAsync($"channels/{channel}/messages", new StringContent("{\"content\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(50109, (int)(await Json(malformed))["code"]!);

        var unknown = await http.GetAsync("guilds/1/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("404: Not Found", (string?)(await Json(unknown))["message"]);
    }

    [Fact]
    public async Task Messages_are_validated_stored_and_logged()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);
        var channel = emulator.Guilds[0].DefaultTextChannel.Id;

        var created = await http.PostAsJsonAsync($"channels/{channel}/messages", new { content = "hello", embeds = new[] { new { title = "t" } }, unknown_field = 1 });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var message = await Json(created);
        Assert.Equal("hello", (string?)message["content"]);
        Assert.Equal(channel.ToString(), (string?)message["channel_id"]);
        Assert.Equal(emulator.BotUser.Id.ToString(), (string?)message["author"]!["id"]);
        var logged = await emulator.WaitForChannelMessageAsync(channel);
        Assert.Equal("hello", logged.Content);
        Assert.Equal(ulong.Parse((string)message["id"]!), logged.MessageId);

        var empty = await http.PostAsJsonAsync($"channels/{channel}/messages", new { content = "" });
        Assert.Equal(50006, (int)(await Json(empty))["code"]!);
        var tooLong = await http.PostAsJsonAsync($"channels/{channel}/messages", new { content = new string('a', 2001) });
        var tooLongBody = await Json(tooLong);
        Assert.Equal(50035, (int)tooLongBody["code"]!);
        Assert.Equal("BASE_TYPE_MAX_LENGTH", (string?)tooLongBody["errors"]!["content"]!["_errors"]![0]!["code"]);
        var unknownChannel = await http.PostAsJsonAsync("channels/123/messages", new { content = "x" });
        Assert.Equal(10003, (int)(await Json(unknownChannel))["code"]!);
        Assert.Equal(1, emulator.Log.ChannelMessages.Count);
    }

    [Fact]
    public async Task A_dm_channel_is_opened_once_per_recipient_and_accepts_messages()
    {
        await using var emulator = await EmulatorBuilder.StartAsync();
        using var http = EmulatorBuilder.Http(emulator);

        var first = await Json(await http.PostAsJsonAsync("users/@me/channels", new { recipient_id = "777" }));
        var again = await Json(await http.PostAsJsonAsync("users/@me/channels", new { recipient_id = "777" }));
        var other = await Json(await http.PostAsJsonAsync("users/@me/channels", new { recipient_id = "778" }));

        Assert.Equal(1, (int)first["type"]!);
        Assert.Equal("777", (string?)first["recipients"]![0]!["id"]);
        Assert.Equal((string?)first["id"], (string?)again["id"]);
        Assert.NotEqual((string?)first["id"], (string?)other["id"]);
        var sent = await http.PostAsJsonAsync($"channels/{(string)first["id"]!}/messages", new { content = "psst" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
