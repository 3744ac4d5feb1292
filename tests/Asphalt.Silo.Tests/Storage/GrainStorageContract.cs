using Asphalt.Grains;
using Asphalt.Grains.Interfaces.Guilds;
using Asphalt.Grains.Interfaces.Shards;
using Asphalt.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Asphalt.Silo.Tests.Storage;

/// <summary>
/// What every grain storage backend of Asphalt must do, run against each backend that runs here:
/// our SQLite provider and Orleans' ADO.NET provider on PostgreSQL.
/// </summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    /// <summary>Storage settings of the backend under test; the same for every cluster this class starts.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> PrepareBackendAsync();

    private IReadOnlyDictionary<string, string?> _settings = null!;

    public async Task InitializeAsync()
    {
        _settings = new Dictionary<string, string?>(await PrepareBackendAsync())
        {
            ["Orleans:ServiceId"] = $"contract-{Guid.NewGuid():N}",
        };
        _cluster = await StartClusterAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<TestCluster> StartClusterAsync()
    {
        var cluster = AsphaltTestCluster.Build(_settings);
        await cluster.DeployAsync();
        return cluster;
    }

    private IGrainStorage Storage =>
        ((InProcessSiloHandle)_cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private static GrainId Id(string type, long key) => GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateIntegerKey(key));

    private static long NextKey() => Random.Shared.NextInt64(1, long.MaxValue);

    [Fact]
    public async Task Write_then_read_returns_the_state_with_an_etag()
    {
        var id = Id("contract", NextKey());
        var written = new GrainState<Counter>(new Counter { Value = 7, Note = "seven" });
        await Storage.WriteStateAsync("counter", id, written);

        var read = new GrainState<Counter>();
        await Storage.ReadStateAsync("counter", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal(7, read.State!.Value);
        Assert.Equal("seven", read.State!.Note);
        Assert.Equal(written.ETag, read.ETag);
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task Reading_what_was_never_written_gives_a_default_state_and_no_record()
    {
        var read = new GrainState<Counter>();
        await Storage.ReadStateAsync("counter", Id("contract", NextKey()), read);

        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Value);
    }

    [Fact]
    public async Task Clear_removes_the_state()
    {
        var id = Id("contract", NextKey());
        var state = new GrainState<Counter>(new Counter { Value = 3 });
        await Storage.WriteStateAsync("counter", id, state);
        await Storage.ClearStateAsync("counter", id, state);

        var read = new GrainState<Counter>();
        await Storage.ReadStateAsync("counter", id, read);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Value);

        // The grain goes on with the same state object after a clear, and can write it again.
        state.State = new Counter { Value = 4 };
        await Storage.WriteStateAsync("counter", id, state);
        await Storage.ReadStateAsync("counter", id, read);
        Assert.Equal(4, read.State!.Value);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_read_throws_InconsistentStateException_and_changes_nothing()
    {
        var id = Id("contract", NextKey());
        await Storage.WriteStateAsync("counter", id, new GrainState<Counter>(new Counter { Value = 1 }));
        var first = new GrainState<Counter>();
        var second = new GrainState<Counter>();
        await Storage.ReadStateAsync("counter", id, first);
        await Storage.ReadStateAsync("counter", id, second);

        first.State!.Value = 2;
        await Storage.WriteStateAsync("counter", id, first);
        second.State!.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", id, second));

        var read = new GrainState<Counter>();
        await Storage.ReadStateAsync("counter", id, read);
        Assert.Equal(2, read.State!.Value);
    }

    [Fact]
    public async Task Two_first_writes_of_the_same_grain_cannot_both_win()
    {
        var id = Id("contract", NextKey());
        await Storage.WriteStateAsync("counter", id, new GrainState<Counter>(new Counter { Value = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync("counter", id, new GrainState<Counter>(new Counter { Value = 2 })));
    }

    [Fact]
    public async Task Two_grain_types_with_the_same_key_are_kept_apart()
    {
        var key = NextKey();
        var guild = _cluster.Client.GetGrain<IGuildGrain>(key);
        var shard = _cluster.Client.GetGrain<IShardSessionGrain>(key);
        await guild.RecordJoinedAsync(new GuildSnapshot("Kept Apart", 12, "de", DateTimeOffset.UtcNow));
        await shard.SaveAsync(new ShardSession("session-a", 41, "wss://resume.example", 4, DateTimeOffset.UtcNow));

        await RestartClusterAsync();

        var profile = await _cluster.Client.GetGrain<IGuildGrain>(key).GetAsync();
        var session = await _cluster.Client.GetGrain<IShardSessionGrain>(key).GetAsync();
        Assert.Equal("Kept Apart", profile.Name);
        Assert.Equal(12, profile.MemberCount);
        Assert.Equal("session-a", session?.SessionId);
        Assert.Equal(41, session?.Sequence);
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        var key = NextKey();
        var joinedAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        await _cluster.Client.GetGrain<IGuildGrain>(key).RecordJoinedAsync(new GuildSnapshot("Before Restart", 250, "fr", joinedAt));
        await _cluster.Client.GetGrain<IGuildGrain>(key).UpdateSettingsAsync(new GuildSettings(false, "gems", "💎"));

        await RestartClusterAsync();

        var profile = await _cluster.Client.GetGrain<IGuildGrain>(key).GetAsync();
        Assert.True(profile.IsMember);
        Assert.Equal("Before Restart", profile.Name);
        Assert.Equal(joinedAt, profile.JoinedAt);
        Assert.Equal(new GuildSettings(false, "gems", "💎"), profile.Settings);
    }

    private async Task RestartClusterAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _cluster = await StartClusterAsync();
    }
}

[GenerateSerializer]
public sealed class Counter
{
    [Id(0)] public int Value { get; set; }
    [Id(1)] public string Note { get; set; } = "";
}

public sealed class SqliteGrainStorageContract : GrainStorageContract, IDisposable
{
    private readonly SqliteDatabase _database = new();

    protected override Task<IReadOnlyDictionary<string, string?>> PrepareBackendAsync() => Task.FromResult(_database.Settings);

    public void Dispose() => _database.Dispose();
}

public sealed class AdoNetPostgresGrainStorageContract : GrainStorageContract
{
    protected override async Task<IReadOnlyDictionary<string, string?>> PrepareBackendAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return database.Settings;
    }
}
