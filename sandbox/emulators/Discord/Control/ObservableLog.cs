namespace Asphalt.Emulators.Discord.Control;

/// <summary>
/// An append-only, thread-safe log that tests can read as a snapshot or await.
/// <see cref="WaitForAsync"/> also matches entries already present; <see cref="WaitForNextAsync"/> registers
/// synchronously, so call it before triggering what should produce the entry.
/// </summary>
public sealed class ObservableLog<T>
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<T> _entries = [];
    private readonly List<Waiter> _waiters = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    internal void Add(T entry)
    {
        List<Waiter> satisfied = [];
        lock (_gate)
        {
            _entries.Add(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Predicate(entry) && ++waiter.Seen >= waiter.Needed)
                {
                    _waiters.RemoveAt(i);
                    satisfied.Add(waiter);
                }
            }
        }

        foreach (var waiter in satisfied)
        {
            waiter.Completion.TrySetResult(entry);
        }
    }

    /// <summary>The first entry (present or future) that matches.</summary>
    public Task<T> WaitForAsync(Func<T, bool> predicate, TimeSpan? timeout = null) => WaitForCountAsync(predicate, 1, timeout);

    /// <summary>The <paramref name="count"/>-th matching entry, counting those already present.</summary>
    public Task<T> WaitForCountAsync(Func<T, bool> predicate, int count, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            var seen = 0;
            foreach (var entry in _entries)
            {
                if (predicate(entry) && ++seen == count)
                {
                    return Task.FromResult(entry);
                }
            }

            return Register(predicate, count, seen, timeout);
        }
    }

    /// <summary>The first matching entry added after this call.</summary>
    public Task<T> WaitForNextAsync(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        lock (_gate)
        {
            return Register(predicate, 1, 0, timeout);
        }
    }

    private Task<T> Register(Func<T, bool> predicate, int needed, int seen, TimeSpan? timeout)
    {
        var waiter = new Waiter(predicate, needed) { Seen = seen };
        _waiters.Add(waiter);
        return WithTimeout(waiter, timeout ?? DefaultTimeout);
    }

    private async Task<T> WithTimeout(Waiter waiter, TimeSpan timeout)
    {
        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            throw new TimeoutException($"No matching {typeof(T).Name} within {timeout.TotalSeconds:0.###} s; log holds {Count} entries.");
        }
    }

    private sealed class Waiter(Func<T, bool> predicate, int needed)
    {
        public Func<T, bool> Predicate { get; } = predicate;

        public int Needed { get; } = needed;

        public int Seen { get; set; }

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
