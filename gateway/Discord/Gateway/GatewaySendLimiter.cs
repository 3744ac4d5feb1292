namespace Asphalt.Gateway.Discord.Gateway;

/// <summary>
/// Discord's outbound limit of one connection: <see cref="DiscordLimits.GatewaySendsPerWindow"/>
/// sends per <see cref="DiscordLimits.GatewaySendWindow"/> (a sliding window here, which is
/// never looser than Discord's). Ordinary commands may use all but <c>reservedForPriority</c>
/// slots, so heartbeats (and IDENTIFY/RESUME) always get through.
/// </summary>
public sealed class GatewaySendLimiter(TimeProvider time, int reservedForPriority)
{
    private readonly Queue<long> _sentAt = new(); // timestamps of sends inside the window
    private readonly Lock _lock = new();
    private readonly int _ordinaryLimit = DiscordLimits.GatewaySendsPerWindow - reservedForPriority;

    /// <summary>Sends counted in the current window.</summary>
    public int InWindow
    {
        get { lock (_lock) { Expire(); return _sentAt.Count; } }
    }

    /// <summary>Takes a slot now, or says how long to wait for one.</summary>
    public bool TryAcquire(bool priority, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            Expire();
            var limit = priority ? DiscordLimits.GatewaySendsPerWindow : _ordinaryLimit;
            if (_sentAt.Count < limit)
            {
                _sentAt.Enqueue(time.GetTimestamp());
                retryAfter = TimeSpan.Zero;
                return true;
            }
            // The slot that frees first is the (count - limit + 1)-th oldest.
            var freeing = _sentAt.ElementAt(_sentAt.Count - limit);
            retryAfter = DiscordLimits.GatewaySendWindow - time.GetElapsedTime(freeing);
            if (retryAfter <= TimeSpan.Zero) retryAfter = TimeSpan.FromMilliseconds(1);
            return false;
        }
    }

    /// <summary>Waits for a slot (ordinary sends queue here; priority sends practically never wait).</summary>
    public async ValueTask AcquireAsync(bool priority, CancellationToken cancellationToken)
    {
        while (!TryAcquire(priority, out var wait))
            await Task.Delay(wait, time, cancellationToken);
    }

    private void Expire()
    {
        while (_sentAt.Count > 0 && time.GetElapsedTime(_sentAt.Peek()) >= DiscordLimits.GatewaySendWindow) _sentAt.Dequeue();
    }
}
