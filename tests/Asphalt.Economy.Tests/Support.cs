using Asphalt.Grains.Economy;
using Asphalt.Tests.Support;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

// Clusters are heavy and the machine is small; the failover test also needs the cores to itself.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Asphalt.Economy.Tests;

/// <summary>A clock the test moves by hand; the economy's grains read it through their keyed TimeProvider.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() { lock (_lock) return _now; }

    public void Advance(TimeSpan by) { lock (_lock) _now += by; }
}

/// <summary>Returns the queued numbers first (checked against the asked range), then seeded pseudo-random ones.</summary>
public sealed class ScriptedRandom(int seed = 42) : IEconomyRandom
{
    private readonly Lock _lock = new();
    private readonly Queue<int> _next = new();
    private readonly Random _fallback = new(seed);

    public void Enqueue(params int[] values) { lock (_lock) foreach (var v in values) _next.Enqueue(v); }

    /// <summary>Removes the queued numbers nobody drew and returns how many there were.</summary>
    public int Drain() { lock (_lock) { var n = _next.Count; _next.Clear(); return n; } }

    public int Next(int minInclusive, int maxExclusive)
    {
        lock (_lock)
        {
            if (!_next.TryDequeue(out var value)) return _fallback.Next(minInclusive, maxExclusive);
            if (value < minInclusive || value >= maxExclusive)
                throw new InvalidOperationException($"Scripted number {value} is outside [{minInclusive}, {maxExclusive}).");
            return value;
        }
    }
}

/// <summary>
/// An economy test cluster: Asphalt's storage for the given settings, plus a manual clock and a
/// scripted random source shared by every silo (they run in this process).
/// </summary>
public sealed class EconomyCluster : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static long _keys = 1_000_000;

    public ManualClock Clock { get; } = new(Start);
    /// <summary>Warnings and errors the economy grains logged, on any silo (for a failing test to print).</summary>
    public ConcurrentQueue<string> Log { get; } = new();
    public ScriptedRandom Random { get; } = new();
    public TestCluster Cluster { get; }

    private EconomyCluster(IReadOnlyDictionary<string, string?> settings, int silos, bool realMembership)
    {
        Cluster = AsphaltTestCluster.Build(settings, silos, realMembership, silo =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(EconomyServiceKeys.Clock, Clock);
            silo.Services.AddSingleton<IEconomyRandom>(Random);
            silo.Services.AddLogging(l => l.AddProvider(new QueueLoggerProvider(Log)));
        });
    }

    public static async Task<EconomyCluster> StartAsync(IReadOnlyDictionary<string, string?> settings,
        IReadOnlyDictionary<string, string?>? economy = null, int silos = 1, bool realMembership = false)
    {
        var all = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in economy ?? new Dictionary<string, string?>()) all[key] = value;
        var cluster = new EconomyCluster(all, silos, realMembership);
        await cluster.Cluster.DeployAsync();
        return cluster;
    }

    public IUserEconomyGrain User(long id) => Cluster.Client.GetGrain<IUserEconomyGrain>(id);

    public ILeaderboardGrain Leaderboard(long scope) => Cluster.Client.GetGrain<ILeaderboardGrain>(scope);

    /// <summary>A fresh idempotency key (an interaction id).</summary>
    public static EconomyContext Key(long? guildId = null, long? channelId = null) =>
        new(Interlocked.Increment(ref _keys), guildId, channelId);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>One SQLite-backed economy cluster for a test class; tests use their own user ids.</summary>
public class SqliteEconomyFixture : IAsyncLifetime
{
    private readonly SqliteDatabase _database = new();
    private long _users = 10_000;

    public EconomyCluster Economy { get; private set; } = null!;

    /// <summary>Overrides of section Economy for this fixture's cluster.</summary>
    protected virtual IReadOnlyDictionary<string, string?> EconomySettings => new Dictionary<string, string?>
    {
        // Big enough to reach the 64-bit limit in the overflow tests.
        ["Economy:MaxAmount"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public string ConnectionString => _database.ConnectionString;

    /// <summary>A user id no other test has used.</summary>
    public long NewUser() => Interlocked.Increment(ref _users);

    public async Task InitializeAsync() => Economy = await EconomyCluster.StartAsync(_database.Settings, EconomySettings);

    public async Task DisposeAsync()
    {
        await Economy.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>
/// A fresh PostgreSQL database (the real profile: ADO.NET grain state and reminders, EF Core
/// ledger) and one economy cluster on it for a test class.
/// </summary>
public class PostgresEconomyFixture : PostgresDatabase
{
    public EconomyCluster Economy { get; private set; } = null!;

    public Ledger Ledger => new(ConnectionString);

    /// <summary>Settings of the cluster beyond the database's; a fixed ServiceId so a restarted cluster finds its state.</summary>
    public virtual IReadOnlyDictionary<string, string?> ClusterSettings => new Dictionary<string, string?>
    {
        ["Orleans:ServiceId"] = $"economy-{GetType().Name.ToLowerInvariant()}",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Economy = await StartClusterAsync();
    }

    protected virtual Task<EconomyCluster> StartClusterAsync() => EconomyCluster.StartAsync(Settings, ClusterSettings);

    public override async Task DisposeAsync()
    {
        if (Economy is not null) await Economy.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Collects warnings of Asphalt's own categories.</summary>
internal sealed class QueueLoggerProvider(ConcurrentQueue<string> queue) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new QueueLogger(queue, categoryName);

    public void Dispose() { }

    private sealed class QueueLogger(ConcurrentQueue<string> queue, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && category.StartsWith("Asphalt", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) queue.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
        }
    }
}
