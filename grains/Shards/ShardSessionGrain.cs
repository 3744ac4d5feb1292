using Asphalt.Grains.Interfaces.Shards;

namespace Asphalt.Grains.Shards;

public sealed class ShardSessionGrain(
    [PersistentState("shard-session", StorageNames.Default)] IPersistentState<ShardSessionState> state) : Grain, IShardSessionGrain
{
    public Task<ShardSession?> GetAsync() => Task.FromResult(state.State.Session);

    public async Task SaveAsync(ShardSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var current = state.State.Session;
        if (current is not null && current.SessionId == session.SessionId && current.Sequence > session.Sequence)
            return; // a late, older save must not rewind the sequence
        state.State.Session = session;
        await state.WriteStateAsync();
    }

    public async Task ClearAsync()
    {
        if (state.State.Session is null) return;
        state.State.Session = null;
        await state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("asphalt.shard.session.grainstate")]
public sealed class ShardSessionState
{
    [Id(0)] public ShardSession? Session { get; set; }
}
