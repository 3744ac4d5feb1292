using System.Globalization;
using System.Text.Json;
using Asphalt.Grains.Interfaces.Votes;

namespace Asphalt.Gateway.Votes;

/// <summary>What a verified delivery turned out to be.</summary>
public abstract record MappedDelivery
{
    /// <summary>A vote (or a site's test vote: <see cref="VoteEvent.IsTest"/>).</summary>
    public sealed record Vote(VoteEvent Event) : MappedDelivery;
    /// <summary>A well-formed event that is not a vote (a review, another event type): acknowledged, nothing else.</summary>
    public sealed record NotAVote(string Type) : MappedDelivery;
    /// <summary>Unparseable or missing what a vote needs → 400.</summary>
    public sealed record Invalid(string Reason) : MappedDelivery;
}

/// <summary>
/// Turns a site's JSON into the canonical <see cref="VoteEvent"/> by the source's <see cref="VoteFieldMap"/>.
/// Ids may be JSON strings or numbers; timestamps ISO 8601 strings or Unix seconds/milliseconds.
/// </summary>
public static class VoteEventMapper
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static MappedDelivery Map(string sourceName, VoteSourceOptions source, long? defaultBotId, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body, DocumentOptions); }
        catch (JsonException) { return new MappedDelivery.Invalid("the body is not JSON"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new MappedDelivery.Invalid("the body is not a JSON object");
            var f = source.Fields;

            var type = Text(root, f.Type);
            var isTest = (type is not null && source.TestTypes.Contains(type, StringComparer.Ordinal)) || Bool(root, f.IsTest) == true;
            if (!isTest && type is not null && source.VoteTypes.Count > 0 && !source.VoteTypes.Contains(type, StringComparer.Ordinal))
                return new MappedDelivery.NotAVote(type);

            var userId = Snowflake(root, f.UserId);
            if (userId is null && !isTest) return new MappedDelivery.Invalid($"'{f.UserId}' is not a user id");

            long? botId = Snowflake(root, f.BotId), guildId = Snowflake(root, f.GuildId);
            if (Snowflake(root, f.Target) is { } target)
            {
                if (Text(root, f.TargetType) is "server" or "guild") guildId ??= target;
                else botId ??= target;
            }
            if (botId is null && guildId is null) botId = defaultBotId;
            if (botId is null && guildId is null && !isTest) return new MappedDelivery.Invalid("the payload names no bot or guild");

            var isWeekend = Bool(root, f.IsWeekend) == true;
            int weight;
            if (f.Weight is { Length: > 0 })
            {
                var given = Number(root, f.Weight);
                if (given is not { } w || w < 1 || w > 100 || w != Math.Floor(w))
                    return isTest ? new MappedDelivery.Vote(Test()) : new MappedDelivery.Invalid($"'{f.Weight}' is not a whole weight from 1 to 100");
                weight = (int)w;
            }
            else
            {
                weight = type is not null && source.TypeWeights.TryGetValue(type, out var byType) ? byType : 1;
                if (isWeekend) weight *= source.WeekendWeight;
            }

            var votedAt = Timestamp(root, f.VotedAt) ?? receivedAt;
            var query = Raw(root, f.Query);
            var siteId = f.Id is { Length: > 0 } ? Text(root, f.Id) : null;
            if (f.Id is { Length: > 0 } && string.IsNullOrWhiteSpace(siteId) && !isTest) return new MappedDelivery.Invalid($"'{f.Id}' (the vote id) is missing");

            var cooldown = (int)source.Cooldown.TotalSeconds;
            var id = siteId is not null ? $"{sourceName}:{siteId}"
                : isTest ? $"{sourceName}:test:{receivedAt.ToUnixTimeMilliseconds()}"
                : SyntheticId(sourceName, userId!.Value, receivedAt, source.Cooldown);
            return new MappedDelivery.Vote(new VoteEvent(id, sourceName, userId ?? 0, botId, guildId, weight, isTest, isWeekend,
                votedAt, receivedAt, query, cooldown));

            VoteEvent Test() => new($"{sourceName}:test:{receivedAt.ToUnixTimeMilliseconds()}", sourceName, userId ?? 0, botId, guildId, 1, true,
                isWeekend, receivedAt, receivedAt, null, (int)source.Cooldown.TotalSeconds);
        }
    }

    /// <summary>
    /// The key of a vote from a site without vote ids: the window of half the site's cooldown that the
    /// delivery fell in. Two real votes are a full cooldown apart, so they never share a window; a
    /// retry usually does, and the grain catches the one that straddles a boundary (docs/votes.md).
    /// </summary>
    public static string SyntheticId(string source, long userId, DateTimeOffset receivedAt, TimeSpan cooldown)
    {
        var window = (long)(cooldown.TotalSeconds / 2);
        var index = window <= 0 ? receivedAt.ToUnixTimeMilliseconds() : receivedAt.ToUnixTimeSeconds() / window;
        return string.Create(CultureInfo.InvariantCulture, $"{source}:{userId}:w{index}");
    }

    /// <summary>Follows a dotted path (<c>data.user.platform_id</c>, optional leading <c>$.</c>); null when any step is missing.</summary>
    public static JsonElement? Resolve(JsonElement root, string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (path.StartsWith("$.", StringComparison.Ordinal)) path = path[2..];
        var current = root;
        foreach (var step in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current)) return null;
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    private static string? Text(JsonElement root, string? path) => Resolve(root, path) switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        _ => null,
    };

    private static long? Snowflake(JsonElement root, string? path) =>
        Text(root, path) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    private static double? Number(JsonElement root, string? path) =>
        Text(root, path) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static bool? Bool(JsonElement root, string? path) => Resolve(root, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var b) => b,
        _ => null,
    };

    private static DateTimeOffset? Timestamp(JsonElement root, string? path) => Resolve(root, path) switch
    {
        { ValueKind: JsonValueKind.String } e when DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at.ToUniversalTime(),
        // Unix time: seconds until the year 5138, milliseconds beyond.
        { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var unix) && unix > 0 =>
            unix < 100_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(unix) : DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(unix, 253_402_300_799_999)),
        _ => null,
    };

    /// <summary>A string as it is; an object, array or number as its JSON text.</summary>
    private static string? Raw(JsonElement root, string? path) => Resolve(root, path) switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString() is { Length: > 0 } s ? s : null,
        { } e => e.GetRawText(),
        _ => null,
    };
}
