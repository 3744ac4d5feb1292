using System.Text.Json;
using System.Text.Json.Serialization;

namespace Asphalt.Grains.Interfaces.Votes;

/// <summary>
/// The canonical vote event, version 1: what every bot-list site's webhook is turned into, and the
/// only shape of a vote that the rest of the system sees. Its JSON form (<see cref="VoteEventJson"/>)
/// is described by docs/schemas/vote-event.v1.schema.json; snowflakes are JSON strings.
/// </summary>
/// <param name="Id">Dedupe key: <c>{source}:{site's vote id}</c>, or <c>{source}:{user}:w{window}</c> for sites without one (docs/votes.md).</param>
/// <param name="Source">The configured source name (the <c>{source}</c> of <c>/webhooks/votes/{source}</c>).</param>
/// <param name="UserId">The voter's Discord user id.</param>
/// <param name="BotId">The bot voted for (null for a server vote).</param>
/// <param name="GuildId">The server voted for (null for a bot vote).</param>
/// <param name="Weight">How many votes this counts as (2 on a site's weekend multiplier).</param>
/// <param name="IsTest">A site's test delivery: acknowledged, never rewarded.</param>
/// <param name="IsWeekend">The site said a weekend multiplier is in effect.</param>
/// <param name="VotedAt">When the site says the vote was cast (the receive time when it does not say).</param>
/// <param name="ReceivedAt">When the dispatcher received the delivery.</param>
/// <param name="Query">The query string (or query object as JSON text) the site passed along, if any.</param>
/// <param name="CooldownSeconds">The site's vote cooldown: a user can vote again on this source after it.</param>
[GenerateSerializer, Immutable, Alias("asphalt.votes.event")]
public sealed record VoteEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string Source,
    [property: Id(2), JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long UserId,
    [property: Id(3), JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long? BotId,
    [property: Id(4), JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] long? GuildId,
    [property: Id(5)] int Weight,
    [property: Id(6)] bool IsTest,
    [property: Id(7)] bool IsWeekend,
    [property: Id(8)] DateTimeOffset VotedAt,
    [property: Id(9)] DateTimeOffset ReceivedAt,
    [property: Id(10)] string? Query,
    [property: Id(11)] int CooldownSeconds)
{
    /// <summary>The value of the <c>schema</c> field of version 1.</summary>
    public const string SchemaV1 = "asphalt.vote-event.v1";

    [JsonPropertyOrder(-1)]
    public string Schema => SchemaV1;

    [JsonIgnore] public TimeSpan Cooldown => TimeSpan.FromSeconds(CooldownSeconds);
}

/// <summary>System.Text.Json form of <see cref="VoteEvent"/>: camelCase, nulls written, matching the JSON Schema.</summary>
public static class VoteEventJson
{
    public static string Serialize(VoteEvent vote) => JsonSerializer.Serialize(vote, VoteEventJsonContext.Default.VoteEvent);

    /// <summary>Reads a v1 event; a missing field or another schema version is a <see cref="JsonException"/>.</summary>
    public static VoteEvent Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("schema", out var schema) || schema.GetString() != VoteEvent.SchemaV1)
            throw new JsonException($"Not a {VoteEvent.SchemaV1} event.");
        return document.RootElement.Deserialize(VoteEventJsonContext.Default.VoteEvent) ?? throw new JsonException("empty vote event");
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(VoteEvent))]
internal sealed partial class VoteEventJsonContext : JsonSerializerContext;
