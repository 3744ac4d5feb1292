using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Tests.Support;

namespace Asphalt.Gateway.Tests.Gateway;

public class HeartbeatTimingTests
{
    [Fact]
    public void First_heartbeat_waits_a_random_fraction_of_the_interval()
    {
        var interval = TimeSpan.FromMilliseconds(41_250);
        var random = new Random(42);
        var delays = Enumerable.Range(0, 1000).Select(_ => HeartbeatTiming.FirstDelay(interval, random.NextDouble())).ToArray();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, interval));
        Assert.Equal(TimeSpan.Zero, HeartbeatTiming.FirstDelay(interval, 0));
        Assert.True(delays.Distinct().Count() > 900, "the jitter must actually spread the first beats");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Jitter_outside_zero_to_one_is_refused(double jitter) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HeartbeatTiming.FirstDelay(TimeSpan.FromSeconds(41), jitter));
}

public class GatewaySendLimiterTests
{
    [Fact]
    public void Ordinary_sends_stop_short_of_the_limit_so_heartbeats_still_get_through()
    {
        var time = TestClock.New();
        var limiter = new GatewaySendLimiter(time, reservedForPriority: 6);
        for (var i = 0; i < DiscordLimits.GatewaySendsPerWindow - 6; i++) Assert.True(limiter.TryAcquire(priority: false, out _));
        Assert.False(limiter.TryAcquire(priority: false, out var wait));
        Assert.True(wait > TimeSpan.Zero && wait <= DiscordLimits.GatewaySendWindow);
        for (var i = 0; i < 6; i++) Assert.True(limiter.TryAcquire(priority: true, out _), $"heartbeat {i} must pass the reserve");
        Assert.False(limiter.TryAcquire(priority: true, out _)); // Discord's 120 are never exceeded, not even by heartbeats
        Assert.Equal(DiscordLimits.GatewaySendsPerWindow, limiter.InWindow);
    }

    [Fact]
    public void Slots_free_up_as_the_sixty_second_window_slides()
    {
        var time = TestClock.New();
        var limiter = new GatewaySendLimiter(time, reservedForPriority: 6);
        for (var i = 0; i < 114; i++) Assert.True(limiter.TryAcquire(false, out _));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limiter.TryAcquire(false, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire(false, out _));
    }

    [Fact]
    public async Task A_waiting_send_goes_only_when_the_window_allows()
    {
        var time = TestClock.New();
        var limiter = new GatewaySendLimiter(time, reservedForPriority: 6);
        for (var i = 0; i < 114; i++) await limiter.AcquireAsync(false, CancellationToken.None);
        var waiting = limiter.AcquireAsync(false, CancellationToken.None).AsTask();
        await TestClock.Settle();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        await TestClock.Settle();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(30));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

public class IdentifyQueueTests
{
    private static IdentifyQueue Queue(TimeProvider time, int maxConcurrency, int remaining = 1000, int reserve = 0) =>
        new(time, maxConcurrency, total: 1000, remaining, TimeSpan.FromHours(20), reserve);

    [Fact]
    public async Task Never_more_than_one_identify_per_bucket_per_five_seconds()
    {
        var time = TestClock.New();
        var queue = Queue(time, maxConcurrency: 2);
        var granted = new System.Collections.Concurrent.ConcurrentQueue<(int Shard, DateTimeOffset At)>();
        var shards = Enumerable.Range(0, 8).Select(async id =>
        {
            // The queue's own grant time: reading the clock after the await races the advancing fake clock.
            granted.Enqueue((id, await queue.WaitTurnAsync(id, CancellationToken.None)));
        }).ToArray();
        await time.RunAsync(Task.WhenAll(shards), TimeSpan.FromMilliseconds(250));

        Assert.Equal(8, granted.Count);
        foreach (var bucket in granted.GroupBy(g => g.Shard % 2))
        {
            var times = bucket.Select(g => g.At).Order().ToArray();
            for (var i = 1; i < times.Length; i++)
                Assert.True(times[i] - times[i - 1] >= DiscordLimits.IdentifyInterval, $"bucket {bucket.Key}: identifies {times[i] - times[i - 1]} apart");
        }
        // The two buckets identify side by side: shard 0 and 1 both go at once.
        Assert.Equal(2, granted.Count(g => g.At == TestClock.New().GetUtcNow()));
    }

    [Fact]
    public async Task Shards_of_different_buckets_do_not_wait_for_each_other()
    {
        var time = TestClock.New();
        var queue = Queue(time, maxConcurrency: 16);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(id => queue.WaitTurnAsync(id, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TestClock.New().GetUtcNow(), time.GetUtcNow());
    }

    [Fact]
    public async Task Refuses_to_spend_the_last_of_the_daily_budget()
    {
        var time = TestClock.New();
        var queue = Queue(time, maxConcurrency: 1, remaining: 6, reserve: 5);
        await queue.WaitTurnAsync(0, CancellationToken.None);
        Assert.Equal(5, queue.Remaining);
        var refused = await Assert.ThrowsAsync<IdentifyBudgetExhaustedException>(() => time.RunAsync(queue.WaitTurnAsync(1, CancellationToken.None), TimeSpan.FromSeconds(1)));
        Assert.Contains("5 of 1000", refused.Message);
        Assert.Contains("resets the bot's token", refused.Message);
        Assert.Equal(5, queue.Remaining);
    }
}

public class ShardRangeAndCloseCodeTests
{
    [Theory]
    [InlineData("0-3", new[] { 0, 1, 2, 3 })]
    [InlineData("0,2,4", new[] { 0, 2, 4 })]
    [InlineData("0-1, 8", new[] { 0, 1, 8 })]
    [InlineData("5", new[] { 5 })]
    public void Parses_shard_ranges(string text, int[] expected)
    {
        Assert.True(ShardRange.TryParse(text, out var range, out _));
        Assert.Equal(expected, range!.Ids);
    }

    [Theory]
    [InlineData("3-1")]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("")]
    public void Rejects_bad_ranges_with_an_example(string text)
    {
        Assert.False(ShardRange.TryParse(text, out _, out var error));
        Assert.Contains("0-3", error);
    }

    [Theory]
    [InlineData(4004, CloseAction.Fatal)]
    [InlineData(4010, CloseAction.Fatal)]
    [InlineData(4011, CloseAction.Fatal)]
    [InlineData(4012, CloseAction.Fatal)]
    [InlineData(4013, CloseAction.Fatal)]
    [InlineData(4014, CloseAction.Fatal)]
    [InlineData(4007, CloseAction.Reidentify)]
    [InlineData(4009, CloseAction.Reidentify)]
    [InlineData(4000, CloseAction.Resume)]
    [InlineData(4001, CloseAction.Resume)]
    [InlineData(4002, CloseAction.Resume)]
    [InlineData(4003, CloseAction.Resume)]
    [InlineData(4005, CloseAction.Resume)]
    [InlineData(4008, CloseAction.Resume)]
    [InlineData(1006, CloseAction.Resume)]
    [InlineData(null, CloseAction.Resume)]
    public void Classifies_close_codes(int? code, CloseAction expected) => Assert.Equal(expected, GatewayCloseCodes.Classify(code));

    [Fact]
    public void Fatal_codes_say_what_to_fix()
    {
        Assert.Contains("Discord__Token", GatewayCloseCodes.Explain(4004));
        Assert.Contains("Privileged Gateway Intents", GatewayCloseCodes.Explain(4014));
        Assert.Contains("Discord:ShardCount", GatewayCloseCodes.Explain(4011));
    }
}
