using System.Net;
using System.Net.Http.Headers;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Gateway.Telemetry;
using Asphalt.Gateway.Tests.Support;

namespace Asphalt.Gateway.Tests.Rest;

public class RateLimitHeadersTests
{
    [Fact]
    public void Reads_the_bucket_headers()
    {
        var response = StubDiscordHandler.Ok("{}", ("X-RateLimit-Bucket", "abcd1234"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset-After", "1.250"), ("X-RateLimit-Scope", "shared"));
        var headers = RateLimitHeaders.Parse(response.Headers);
        Assert.Equal(new RateLimitHeaders("abcd1234", 5, 0, TimeSpan.FromMilliseconds(1250), false, "shared"), headers);
    }

    [Fact]
    public void Missing_headers_stay_unknown()
    {
        var headers = RateLimitHeaders.Parse(new HttpResponseMessage().Headers);
        Assert.Equal(new RateLimitHeaders(null, null, null, null, false, null), headers);
    }

    [Fact]
    public void Major_parameters_split_buckets_and_interaction_routes_skip_the_global_limit()
    {
        var a = DiscordRoute.CreateMessage("111");
        var b = DiscordRoute.CreateMessage("222");
        Assert.Equal(a.RouteKey, b.RouteKey);
        Assert.NotEqual(a.MajorParameter, b.MajorParameter);
        Assert.DoesNotContain("111", a.Template);
        Assert.False(a.ExemptFromGlobal);
        Assert.True(DiscordRoute.InteractionCallback("1", "tok").ExemptFromGlobal);
        Assert.True(DiscordRoute.EditOriginalResponse("1", "tok").ExemptFromGlobal);
        Assert.True(DiscordRoute.CreateFollowup("1", "tok").ExemptFromGlobal);
        Assert.Equal("/webhooks/1/tok/messages/@original", DiscordRoute.EditOriginalResponse("1", "tok").Path);
    }
}

public class RestRateLimiterTests
{
    private static RateLimitHeaders Exhausted(string bucket, double resetAfter) => new(bucket, 5, 0, TimeSpan.FromSeconds(resetAfter), false, "user");

    [Fact]
    public async Task An_exhausted_bucket_holds_the_next_request_until_it_resets()
    {
        var time = TestClock.New();
        var limiter = new RestRateLimiter(time, 50);
        var route = DiscordRoute.CreateMessage("111");
        using (var lease = await limiter.AcquireAsync(route, CancellationToken.None)) lease.Update(Exhausted("bucket-a", 2));

        var next = limiter.AcquireAsync(route, CancellationToken.None);
        await TestClock.Settle();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1.9));
        await TestClock.Settle();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task Another_major_parameter_has_its_own_bucket()
    {
        var time = TestClock.New();
        var limiter = new RestRateLimiter(time, 50);
        using (var lease = await limiter.AcquireAsync(DiscordRoute.CreateMessage("111"), CancellationToken.None)) lease.Update(Exhausted("bucket-a", 10));
        Assert.Equal("bucket-a|111", limiter.BucketKeyFor(DiscordRoute.CreateMessage("111")));
        (await limiter.AcquireAsync(DiscordRoute.CreateMessage("222"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task Routes_sharing_a_bucket_hash_share_its_limit()
    {
        var time = TestClock.New();
        var limiter = new RestRateLimiter(time, 50);
        var edit = DiscordRoute.Create(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", ("channel_id", "1"), ("message_id", "9"));
        var delete = DiscordRoute.Create(HttpMethod.Delete, "/channels/{channel_id}/messages/{message_id}", ("channel_id", "1"), ("message_id", "9"));
        using (var l = await limiter.AcquireAsync(edit, CancellationToken.None)) l.Update(new RateLimitHeaders("shared-hash", 5, 3, TimeSpan.FromSeconds(5), false, null));
        using (var l = await limiter.AcquireAsync(delete, CancellationToken.None)) l.Update(Exhausted("shared-hash", 5));
        Assert.Equal(limiter.BucketKeyFor(edit), limiter.BucketKeyFor(delete));
        var blocked = limiter.AcquireAsync(edit, CancellationToken.None);
        await TestClock.Settle();
        Assert.False(blocked.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        (await blocked.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task The_global_limit_allows_fifty_a_second_but_not_for_interaction_callbacks()
    {
        var time = TestClock.New();
        var limiter = new RestRateLimiter(time, 50);
        for (var i = 0; i < 50; i++) (await limiter.AcquireAsync(DiscordRoute.CreateMessage(i.ToString()), CancellationToken.None)).Dispose();
        var fiftyFirst = limiter.AcquireAsync(DiscordRoute.CreateMessage("51"), CancellationToken.None);
        await TestClock.Settle();
        Assert.False(fiftyFirst.IsCompleted);
        // Exempt: interaction callbacks go through while the global limit is exhausted.
        (await limiter.AcquireAsync(DiscordRoute.InteractionCallback("1", "t"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        (await fiftyFirst.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task A_global_429_pauses_every_route_that_is_not_exempt()
    {
        var time = TestClock.New();
        var limiter = new RestRateLimiter(time, 50);
        using (var l = await limiter.AcquireAsync(DiscordRoute.CreateMessage("1"), CancellationToken.None)) l.RateLimited(TimeSpan.FromSeconds(3), global: true);
        var other = limiter.AcquireAsync(DiscordRoute.GatewayBot(), CancellationToken.None);
        await TestClock.Settle();
        Assert.False(other.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        (await other.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }
}

public class DiscordRestClientTests
{
    [Fact]
    public async Task Sends_the_bot_token_and_Discords_user_agent()
    {
        var stub = new StubDiscordHandler((_, _) => StubDiscordHandler.Ok("""{"url":"wss://gw","shards":3,"session_start_limit":{"total":1000,"remaining":999,"reset_after":1000,"max_concurrency":1}}"""));
        var rest = Builders.RestClient(stub, TestClock.New());
        var bot = await rest.GetGatewayBotAsync(CancellationToken.None);
        Assert.Equal(3, bot.Shards);
        Assert.Equal(999, bot.SessionStartLimit.Remaining);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("/api/v10/gateway/bot", request.Path);
        Assert.Equal($"Bot {Builders.Token}", request.Authorization);
        Assert.Matches(@"^DiscordBot \(https?://\S+, \d+\.\d+\.\d+\)$", request.UserAgent);
    }

    [Fact]
    public async Task A_429_is_retried_after_retry_after_and_counted()
    {
        var time = TestClock.New();
        var metrics = new GatewayMetrics();
        using var collected = new MetricCollector(metrics);
        DateTimeOffset? secondAt = null;
        var stub = new StubDiscordHandler((_, n) =>
        {
            if (n == 0) return StubDiscordHandler.TooManyRequests(2.5);
            secondAt = time.GetUtcNow();
            return StubDiscordHandler.Ok("""{"id":"1","channel_id":"5","content":"hi"}""");
        });
        var rest = Builders.RestClient(stub, time, metrics);
        var start = time.GetUtcNow();
        await time.RunAsync(rest.SendAsync(DiscordRoute.CreateMessage("5"), null, CancellationToken.None), TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, stub.Requests.Count);
        Assert.True(secondAt - start >= TimeSpan.FromSeconds(2.5), $"retried after {secondAt - start}");
        Assert.Equal(1, collected.Sum("asphalt.gateway.rest.rate_limited", "scope", "user"));
        Assert.Equal(1, rest.InvalidRequests.Count);
    }

    [Fact]
    public async Task Shared_scope_429s_do_not_count_as_invalid_requests()
    {
        var stub = new StubDiscordHandler((_, n) => n == 0 ? StubDiscordHandler.TooManyRequests(0.1, scope: "shared") : StubDiscordHandler.Ok());
        var time = TestClock.New();
        var rest = Builders.RestClient(stub, time);
        await time.RunAsync(rest.SendAsync(DiscordRoute.CreateMessage("5"), null, CancellationToken.None), TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, rest.InvalidRequests.Count);
    }

    [Fact]
    public async Task Rate_limit_retries_are_bounded()
    {
        var stub = new StubDiscordHandler((_, _) => StubDiscordHandler.TooManyRequests(0.5));
        var time = TestClock.New();
        var rest = Builders.RestClient(stub, time, configure: o => o.Rest.MaxRateLimitRetries = 2);
        var failure = await Assert.ThrowsAsync<DiscordRestException>(() => time.RunAsync(rest.SendAsync(DiscordRoute.CreateMessage("5"), null, CancellationToken.None), TimeSpan.FromMilliseconds(100)));
        Assert.Equal(429, failure.Status);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_given_up()
    {
        var stub = new StubDiscordHandler((_, _) => StubDiscordHandler.Json(HttpStatusCode.BadGateway, "{}"));
        var time = TestClock.New();
        var rest = Builders.RestClient(stub, time, configure: o => o.Rest.MaxServerErrorRetries = 3);
        var failure = await Assert.ThrowsAsync<DiscordRestException>(() => time.RunAsync(rest.SendAsync(DiscordRoute.GatewayBot(), null, CancellationToken.None), TimeSpan.FromMilliseconds(100)));
        Assert.Equal(502, failure.Status);
        Assert.Equal(4, stub.Requests.Count);
        // 0.5 + 1 + 2 s of backoff passed on the fake clock
        Assert.True(time.GetUtcNow() - TestClock.New().GetUtcNow() >= TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task A_server_error_then_success_returns_the_answer()
    {
        var stub = new StubDiscordHandler((_, n) => n < 2 ? StubDiscordHandler.Json(HttpStatusCode.ServiceUnavailable, "{}") : StubDiscordHandler.Ok("""{"id":"42","name":"app"}"""));
        var time = TestClock.New();
        var rest = Builders.RestClient(stub, time);
        var app = await time.RunAsync(rest.GetCurrentApplicationAsync(CancellationToken.None), TimeSpan.FromMilliseconds(100));
        Assert.Equal("42", app.Id);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_carry_discords_code()
    {
        var stub = new StubDiscordHandler((_, _) => StubDiscordHandler.Json(HttpStatusCode.NotFound, """{"code":10062,"message":"Unknown interaction"}"""));
        var rest = Builders.RestClient(stub, TestClock.New());
        var failure = await Assert.ThrowsAsync<DiscordRestException>(() => rest.SendAsync(DiscordRoute.InteractionCallback("1", "t"), null, CancellationToken.None));
        Assert.Equal(10062, failure.DiscordCode);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Stops_sending_before_the_invalid_request_ban()
    {
        var stub = new StubDiscordHandler((_, _) => StubDiscordHandler.Json(HttpStatusCode.Forbidden, """{"code":50013,"message":"Missing Permissions"}"""));
        var rest = Builders.RestClient(stub, TestClock.New(), configure: o => o.Rest.InvalidRequestLimit = 3);
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<DiscordRestException>(() => rest.SendAsync(DiscordRoute.CreateMessage("1"), null, CancellationToken.None));
        var refused = await Assert.ThrowsAsync<DiscordRestException>(() => rest.SendAsync(DiscordRoute.CreateMessage("1"), null, CancellationToken.None));
        Assert.Contains("Refusing", refused.Message);
        Assert.Equal(3, stub.Requests.Count);
    }
}
