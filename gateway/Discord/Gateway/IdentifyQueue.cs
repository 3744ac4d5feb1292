namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>
/// Who may IDENTIFY when. Discord allows <c>max_concurrency</c> IDENTIFYs per
/// <see cref="DiscordLimits.IdentifyInterval"/>, one per bucket <c>shard_id % max_concurrency</c>
/// (Gateway.md "Session Start Limit"), and a daily budget (<c>session_start_limit</c>) whose
/// exhaustion resets the bot's token: this queue refuses, with an error that says so, once the
/// remaining budget falls to the configured reserve.
/// </summary>
public sealed class IdentifyQueue
{
    private readonly TimeProvider _time;
    private readonly int _reserve;
    private readonly Bucket[] _buckets;
    private readonly Lock _budgetLock = new();
    private int _remaining;
    private int _total;
    private DateTimeOffset _budgetResetsAt;

    public IdentifyQueue(TimeProvider time, int maxConcurrency, int total, int remaining, TimeSpan resetAfter, int reserve)
    {
        _time = time;
        _reserve = reserve;
        _buckets = Enumerable.Range(0, Math.Max(1, maxConcurrency)).Select(_ => new Bucket()).ToArray();
        UpdateBudget(total, remaining, resetAfter);
    }

    public int MaxConcurrency => _buckets.Length;

    public int Remaining { get { lock (_budgetLock) return _remaining; } }

    /// <summary>Replaces the budget with a fresh reading of GET /gateway/bot.</summary>
    public void UpdateBudget(int total, int remaining, TimeSpan resetAfter)
    {
        lock (_budgetLock)
        {
            _total = total;
            _remaining = remaining;
            _budgetResetsAt = _time.GetUtcNow() + resetAfter;
        }
    }

    /// <summary>
    /// Waits until <paramref name="shardId"/>'s bucket may identify, then spends one IDENTIFY of the
    /// budget; returns the moment the turn was granted. Throws <see cref="IdentifyBudgetExhaustedException"/>
    /// instead of spending the reserve.
    /// </summary>
    public async Task<DateTimeOffset> WaitTurnAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = _buckets[shardId % _buckets.Length];
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = bucket.NextAllowedAt - _time.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, cancellationToken);
            SpendOne();
            var grantedAt = _time.GetUtcNow();
            bucket.NextAllowedAt = grantedAt + DiscordLimits.IdentifyInterval;
            return grantedAt;
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    private void SpendOne()
    {
        lock (_budgetLock)
        {
            var now = _time.GetUtcNow();
            if (now >= _budgetResetsAt && _remaining < _total) _remaining = _total; // Discord reset the daily budget
            if (_remaining <= _reserve)
                throw new IdentifyBudgetExhaustedException(_remaining, _total, _budgetResetsAt - now, _reserve);
            _remaining--;
        }
    }

    private sealed class Bucket
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public DateTimeOffset NextAllowedAt = DateTimeOffset.MinValue;
    }
}

public sealed class IdentifyBudgetExhaustedException(int remaining, int total, TimeSpan resetsIn, int reserve)
    : Exception($"Not identifying: Discord's daily session start budget is down to {remaining} of {total} " +
                $"(the last {reserve} are kept in reserve; it resets in {resetsIn:hh\\:mm\\:ss}). Spending it all resets the bot's token. " +
                "Something restarted or re-identified the shards too often — look for a crash or close-code loop in the logs before restarting.")
{
    public int Remaining { get; } = remaining;
}
