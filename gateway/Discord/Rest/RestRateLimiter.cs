using System.Collections.Concurrent;

namespace Asphalt.Gateway.Discord.Rest;

/// <summary>
/// Keeps REST requests inside Discord's limits: per-bucket limits learned from the
/// X-RateLimit-* headers (a route's bucket hash, split by its major parameter), the global limit
/// of <see cref="RestOptions.GlobalRequestsPerSecond"/> (interaction callbacks and webhooks are
/// exempt), and 429s (a global 429 pauses everything that is not exempt, a bucket 429 pauses the bucket).
/// One request per bucket is in flight at a time, so Remaining is never raced.
/// </summary>
public sealed class RestRateLimiter(TimeProvider time, int globalPerSecond)
{
    private readonly ConcurrentDictionary<string, string> _bucketHashes = new(); // route key → Discord's bucket hash
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new();
    private readonly Lock _globalLock = new();
    private DateTimeOffset _globalWindowStart = DateTimeOffset.MinValue;
    private int _globalCount;
    private DateTimeOffset _globalBlockedUntil = DateTimeOffset.MinValue;

    /// <summary>Waits until <paramref name="route"/> may be sent; dispose the lease after updating it with the response.</summary>
    public async Task<Lease> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            TimeSpan wait;
            while ((wait = bucket.DelayBeforeSend(time.GetUtcNow())) > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);
            bucket.Spend(time.GetUtcNow());
            if (!route.ExemptFromGlobal)
                while ((wait = TryTakeGlobal()) > TimeSpan.Zero)
                    await Task.Delay(wait, time, cancellationToken);
            return new Lease(this, route, bucket);
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    /// <summary>The bucket a route uses now (exposed for tests and diagnostics).</summary>
    public string BucketKeyFor(DiscordRoute route) =>
        (_bucketHashes.TryGetValue(route.RouteKey, out var hash) ? hash : route.RouteKey) + "|" + route.MajorParameter;

    private Bucket BucketFor(DiscordRoute route) => _buckets.GetOrAdd(BucketKeyFor(route), _ => new Bucket());

    /// <summary>Time to wait before a non-exempt request may go, or zero after taking a slot of the current second.</summary>
    private TimeSpan TryTakeGlobal()
    {
        lock (_globalLock)
        {
            var now = time.GetUtcNow();
            if (now < _globalBlockedUntil) return _globalBlockedUntil - now;
            if (now - _globalWindowStart >= TimeSpan.FromSeconds(1))
            {
                _globalWindowStart = now;
                _globalCount = 0;
            }
            if (_globalCount < globalPerSecond)
            {
                _globalCount++;
                return TimeSpan.Zero;
            }
            return _globalWindowStart + TimeSpan.FromSeconds(1) - now;
        }
    }

    private void Update(DiscordRoute route, Bucket bucket, RateLimitHeaders headers)
    {
        if (headers.Bucket is { } hash && (!_bucketHashes.TryGetValue(route.RouteKey, out var known) || known != hash))
        {
            _bucketHashes[route.RouteKey] = hash;
            // Requests from now on use the hash-keyed bucket; carry what we just learned over to it.
            bucket = _buckets.GetOrAdd(hash + "|" + route.MajorParameter, _ => bucket);
        }
        bucket.Update(headers, time.GetUtcNow());
    }

    private void RateLimited(Bucket bucket, TimeSpan retryAfter, bool global)
    {
        var until = time.GetUtcNow() + retryAfter;
        if (!global)
        {
            bucket.Block(until);
            return;
        }
        lock (_globalLock)
        {
            if (until > _globalBlockedUntil) _globalBlockedUntil = until;
        }
    }

    /// <summary>One acquired request slot; tell it what Discord answered, then dispose it.</summary>
    public sealed class Lease(RestRateLimiter limiter, DiscordRoute route, Bucket bucket) : IDisposable
    {
        private int _released;

        public void Update(RateLimitHeaders headers) => limiter.Update(route, bucket, headers);

        public void RateLimited(TimeSpan retryAfter, bool global) => limiter.RateLimited(bucket, retryAfter, global);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) bucket.Gate.Release();
        }
    }

    public sealed class Bucket
    {
        private readonly Lock _lock = new();
        private int? _limit;
        private int? _remaining;
        private DateTimeOffset _resetAt = DateTimeOffset.MinValue;

        internal SemaphoreSlim Gate { get; } = new(1, 1);

        internal TimeSpan DelayBeforeSend(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (now >= _resetAt)
                {
                    if (_remaining is not null) _remaining = _limit; // the window passed: full again
                    return TimeSpan.Zero;
                }
                return _remaining is 0 ? _resetAt - now : TimeSpan.Zero;
            }
        }

        internal void Spend(DateTimeOffset now)
        {
            lock (_lock)
                if (_remaining > 0) _remaining--;
        }

        internal void Update(RateLimitHeaders headers, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (headers.Limit is { } limit) _limit = limit;
                if (headers.Remaining is { } remaining) _remaining = remaining;
                if (headers.ResetAfter is { } resetAfter) _resetAt = now + resetAfter;
            }
        }

        internal void Block(DateTimeOffset until)
        {
            lock (_lock)
            {
                _remaining = 0;
                if (until > _resetAt) _resetAt = until;
            }
        }
    }
}
