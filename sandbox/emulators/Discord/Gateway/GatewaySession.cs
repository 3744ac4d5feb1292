namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>
/// A gateway session: its sequence, the dispatches it keeps for RESUME, and the connection it is attached to.
/// All sends go through one gate so that sequence numbers reach the wire in order.
/// </summary>
internal sealed class GatewaySession(string sessionId, int shardId, int shardCount, long intents, int maxReplayEvents)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<(long Seq, byte[] Frame)> _replay = new();
    private long _seq;
    private GatewayConnection? _connection;
    private DateTimeOffset? _detachedAt;
    private bool _ended;

    public string SessionId { get; } = sessionId;

    public int ShardId { get; } = shardId;

    public int ShardCount { get; } = shardCount;

    public long Intents { get; } = intents;

    public long Seq => Interlocked.Read(ref _seq);

    public GatewayConnection? Connection => Volatile.Read(ref _connection);

    /// <summary>Assigns the next seq, keeps the frame for replay and sends it if a connection is attached.</summary>
    public async Task<long> DispatchAsync(string eventName, byte[] payloadJson, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var seq = Interlocked.Increment(ref _seq);
            var frame = GatewayFrames.Dispatch(eventName, seq, payloadJson);
            _replay.Enqueue((seq, frame));
            while (_replay.Count > maxReplayEvents)
            {
                _replay.Dequeue();
            }

            if (_connection is { } connection)
            {
                await connection.SendAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            return seq;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Attaches a fresh IDENTIFY's connection.</summary>
    public async Task AttachAsync(GatewayConnection connection)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _connection = connection;
            _detachedAt = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Moves the session to <paramref name="connection"/>, replays every dispatch after <paramref name="fromSeq"/>
    /// and sends RESUMED. Returns the number replayed, or null when the session cannot be resumed from there.
    /// </summary>
    public async Task<ResumeOutcome> ResumeAsync(GatewayConnection connection, long fromSeq, TimeSpan resumeWindow, DateTimeOffset now)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ended || (_detachedAt is { } detachedAt && now - detachedAt > resumeWindow))
            {
                _ended = true;
                return ResumeOutcome.Invalid;
            }

            if (fromSeq > _seq || fromSeq < 0)
            {
                return ResumeOutcome.SeqAhead;
            }

            var oldestRetained = _replay.Count > 0 ? _replay.Peek().Seq : _seq + 1;
            if (fromSeq + 1 < oldestRetained)
            {
                _ended = true;
                return ResumeOutcome.Invalid;
            }

            var previous = _connection;
            _connection = connection;
            _detachedAt = null;
            previous?.Abort();

            var replayed = 0;
            foreach (var (seq, frame) in _replay)
            {
                if (seq > fromSeq)
                {
                    await connection.SendAsync(frame).ConfigureAwait(false);
                    replayed++;
                }
            }

            var resumedSeq = Interlocked.Increment(ref _seq);
            var resumed = GatewayFrames.Dispatch("RESUMED", resumedSeq, "null"u8);
            _replay.Enqueue((resumedSeq, resumed));
            await connection.SendAsync(resumed).ConfigureAwait(false);
            return new ResumeOutcome(ResumeStatus.Resumed, replayed);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called when <paramref name="connection"/> goes away; the session stays resumable unless <paramref name="end"/>.</summary>
    public async Task DetachAsync(GatewayConnection connection, bool end, DateTimeOffset now)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (end)
            {
                _ended = true;
            }

            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
                _detachedAt = now;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the session unresumable and detaches it (op 9 d:false); later dispatches to it reach nobody.</summary>
    public async Task EndAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _ended = true;
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal enum ResumeStatus
{
    Resumed,
    Invalid,
    SeqAhead,
}

internal readonly record struct ResumeOutcome(ResumeStatus Status, int Replayed)
{
    public static ResumeOutcome Invalid => new(ResumeStatus.Invalid, 0);

    public static ResumeOutcome SeqAhead => new(ResumeStatus.SeqAhead, 0);
}
