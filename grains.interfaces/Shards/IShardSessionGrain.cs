namespace Asphalt.Grains.Interfaces.Shards;

/// <summary>
/// The resumable state of one Discord gateway shard, kept here so that a restarted (or another)
/// gateway instance RESUMEs the session instead of spending an IDENTIFY. Key: the shard id.
/// </summary>
[Alias("asphalt.shard.session")]
public interface IShardSessionGrain : IGrainWithIntegerKey
{
    [ReadOnly, Alias("get")]
    Task<ShardSession?> GetAsync();

    /// <summary>Stores the latest session; an older sequence for the same session never overwrites a newer one.</summary>
    [Alias("save")]
    Task SaveAsync(ShardSession session);

    /// <summary>Forgets the session (it was invalidated or closed normally).</summary>
    [Alias("clear")]
    Task ClearAsync();
}

[GenerateSerializer, Immutable, Alias("asphalt.shard.session.state")]
public sealed record ShardSession(
    [property: Id(0)] string SessionId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string ResumeGatewayUrl,
    [property: Id(3)] int ShardCount,
    [property: Id(4)] DateTimeOffset SavedAt);
