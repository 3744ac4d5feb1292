using System.Security.Cryptography;
using System.Text;

namespace Asphalt.Emulators.Discord.Rest;

/// <summary>
/// Per-route buckets split by major parameter, the global per-second limit, and injected bursts of 429s
/// (docs/topics/Rate_Limits.md). Fixed windows: a bucket refills <see cref="RouteLimit.Limit"/> when its window ends.
/// </summary>
internal sealed class RestRateLimiter(RestRateLimitOptions options, TimeProvider time)
{
    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, BucketState> _buckets = [];
    private readonly Dictionary<string, Queue<InjectedLimit>> _injected = [];
    private DateTimeOffset _globalWindowStart = DateTimeOffset.MinValue;
    private int _globalCount;

    public void Inject(string route, int count, RateLimitScope scope, TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            if (!_injected.TryGetValue(route, out var queue))
            {
                queue = new Queue<InjectedLimit>();
                _injected[route] = queue;
            }

            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(new InjectedLimit(scope, retryAfter));
            }
        }
    }

    public RateLimitDecision Acquire(RestRoute route, string majorValue)
    {
        var now = time.GetUtcNow();
        var limit = options.For(route.Name);
        var bucketHash = BucketHash(route.Name);
        lock (_gate)
        {
            var bucket = CurrentBucket(route.Name + "|" + majorValue, limit, now);
            if (_injected.TryGetValue(route.Name, out var queue) && queue.TryDequeue(out var injected))
            {
                return new RateLimitDecision(false, limit.Limit, 0, now + injected.RetryAfter, injected.RetryAfter, bucketHash, injected.Scope);
            }

            if (!route.ExemptFromGlobal)
            {
                if (now - _globalWindowStart >= GlobalWindow)
                {
                    _globalWindowStart = now;
                    _globalCount = 0;
                }

                if (_globalCount >= options.GlobalRequestsPerSecond)
                {
                    var retry = _globalWindowStart + GlobalWindow - now;
                    return new RateLimitDecision(false, limit.Limit, bucket.Remaining, bucket.ResetAt, retry, bucketHash, RateLimitScope.Global);
                }

                _globalCount++;
            }

            if (bucket.Remaining == 0)
            {
                return new RateLimitDecision(false, limit.Limit, 0, bucket.ResetAt, bucket.ResetAt - now, bucketHash, RateLimitScope.User);
            }

            bucket.Remaining--;
            return new RateLimitDecision(true, limit.Limit, bucket.Remaining, bucket.ResetAt, bucket.ResetAt - now, bucketHash, null);
        }
    }

    private BucketState CurrentBucket(string key, RouteLimit limit, DateTimeOffset now)
    {
        if (!_buckets.TryGetValue(key, out var bucket) || now >= bucket.ResetAt)
        {
            bucket = new BucketState { Remaining = limit.Limit, ResetAt = now + limit.Window };
            _buckets[key] = bucket;
        }

        return bucket;
    }

    /// <summary>An opaque, stable bucket id per route, like Discord's <c>X-RateLimit-Bucket</c>.</summary>
    private static string BucketHash(string route) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route)))[..32];

    private sealed class BucketState
    {
        public int Remaining { get; set; }

        public DateTimeOffset ResetAt { get; init; }
    }

    private readonly record struct InjectedLimit(RateLimitScope Scope, TimeSpan RetryAfter);
}

/// <summary>The outcome of one request against the limits; <see cref="Scope"/> is set when limited.</summary>
internal readonly record struct RateLimitDecision(
    bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan ResetAfter, string Bucket, RateLimitScope? Scope);
