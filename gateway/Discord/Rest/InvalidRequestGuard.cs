namespace Asphalt.Gateway.Discord.Rest;

/// <summary>
/// Counts 401, 403 and (non-shared) 429 answers in Discord's 10-minute window and refuses further
/// requests once <see cref="RestOptions.InvalidRequestLimit"/> is reached — far below the 10,000
/// that gets the IP banned (Rate_Limits.md "Invalid Request Limit").
/// </summary>
public sealed class InvalidRequestGuard(TimeProvider time, int limit)
{
    private readonly Queue<long> _at = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) { Expire(); return _at.Count; } }
    }

    public bool IsOverLimit => Count >= limit;

    public void Record()
    {
        lock (_lock)
        {
            Expire();
            _at.Enqueue(time.GetTimestamp());
        }
    }

    private void Expire()
    {
        while (_at.Count > 0 && time.GetElapsedTime(_at.Peek()) >= DiscordLimits.InvalidRequestWindow) _at.Dequeue();
    }
}
