using System.Text;
using System.Text.Json;
using Asphalt.Gateway.Votes;
using Asphalt.Grains.Interfaces.Votes;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Asphalt.Gateway.Tests.Votes;

/// <summary>The shipped gateway/votesources.json with test secrets, and the repository's vote-event schema.</summary>
public static class VoteSources
{
    public const string TopggSecret = "topgg-legacy-secret-1";
    public const string TopggV1Secret = "whs_topgg-v1-secret-2";
    public const string DblSecret = "dbl-secret-3";
    public const string DiscordsSecret = "discords-secret-4";
    public const long BotId = 1_100_000_000_000_000_001;
    public static readonly DateTimeOffset Now = new(2026, 3, 7, 18, 30, 0, TimeSpan.Zero);

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Root, "docs", "schemas", "vote-event.v1.schema.json"))));

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Asphalt.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static VoteWebhookOptions Options(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Votes:BotId"] = BotId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Votes:Sources:topgg:Secret"] = TopggSecret,
            ["Votes:Sources:topgg-v1:Secret"] = TopggV1Secret,
            ["Votes:Sources:dbl:Secret"] = DblSecret,
            ["Votes:Sources:discords:Secret"] = DiscordsSecret,
        };
        foreach (var (key, value) in more) settings[key] = value;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Root, "gateway", VoteWebhookExtensions.SourcesFile))
            .AddInMemoryCollection(settings)
            .Build();
        var options = new VoteWebhookOptions();
        configuration.GetSection(VoteWebhookOptions.Section).Bind(options);
        return options;
    }

    public static MappedDelivery Map(string source, string body, VoteWebhookOptions? options = null)
    {
        options ??= Options();
        return VoteEventMapper.Map(source, options.FindActive(source)!, options.BotId, Encoding.UTF8.GetBytes(body), Now);
    }

    public static VoteEvent Vote(string source, string body) =>
        Assert.IsType<MappedDelivery.Vote>(Map(source, body)).Event;

    public static Verification Verify(string source, string body, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers) dictionary[name] = value;
        return VoteVerifier.Verify(Options().FindActive(source)!, dictionary, Encoding.UTF8.GetBytes(body), Now);
    }

    /// <summary>Validates the event's JSON against docs/schemas/vote-event.v1.schema.json; the errors when it does not.</summary>
    public static string? SchemaErrors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return null;
        return string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }
}

/// <summary>Payloads exactly as each site's documentation shows them.</summary>
public static class DocumentedPayloads
{
    /// <summary>top.gg legacy (v0) bot webhook: bot, user, type, isWeekend, query.</summary>
    public const string TopggUpvote = """{"bot":"1100000000000000001","user":"395526710101278721","type":"upvote","isWeekend":false,"query":"?a=1&b=2"}""";
    public const string TopggWeekendUpvote = """{"bot":"1100000000000000001","user":"395526710101278721","type":"upvote","isWeekend":true,"query":""}""";
    public const string TopggTest = """{"bot":"1100000000000000001","user":"395526710101278721","type":"test","isWeekend":false}""";
    /// <summary>top.gg legacy server webhook: guild instead of bot.</summary>
    public const string TopggServerUpvote = """{"guild":"900000000000000009","user":"395526710101278721","type":"upvote","query":"?ref=x"}""";

    /// <summary>top.gg v1 vote.create (docs.top.gg "Webhook Event Reference"), with Discord ids in place of the placeholders.</summary>
    public const string TopggV1VoteCreate = """
        {
          "type": "vote.create",
          "data": {
            "id": "808499215864008704",
            "weight": 1,
            "created_at": "2026-03-07T18:29:58.2510149+00:00",
            "expires_at": "2026-03-08T06:29:58.2510149+00:00",
            "project": { "id": "803190510032756736", "type": "bot", "platform": "discord", "platform_id": "1100000000000000001" },
            "user": { "id": "800000000000000001", "platform_id": "395526710101278721", "name": "username", "avatar_url": "https://cdn.example/avatar.png" }
          }
        }
        """;
    public const string TopggV1WeekendVote = """{"type":"vote.create","data":{"id":"808499215864008705","weight":2,"created_at":"2026-03-07T18:29:58Z","expires_at":"2026-03-08T06:29:58Z","project":{"id":"803190510032756736","type":"bot","platform":"discord","platform_id":"1100000000000000001"},"user":{"id":"800000000000000001","platform_id":"395526710101278721","name":"username","avatar_url":"x"}}}""";
    public const string TopggV1ServerVote = """{"type":"vote.create","data":{"id":"808499215864008706","weight":1,"created_at":"2026-03-07T18:29:58Z","expires_at":"2026-03-08T06:29:58Z","project":{"id":"803190510032756737","type":"server","platform":"discord","platform_id":"900000000000000009"},"user":{"id":"800000000000000001","platform_id":"395526710101278721","name":"username","avatar_url":"x"}}}""";
    public const string TopggV1Test = """{"type":"webhook.test","data":{"project":{"id":"803190510032756736","type":"bot","platform":"discord","platform_id":"1100000000000000001"},"user":{"id":"800000000000000001","platform_id":"395526710101278721","name":"username","avatar_url":"x"}}}""";

    /// <summary>discordbotlist.com (docs.discordbotlist.com "Vote Webhooks"): admin, avatar, username, id.</summary>
    public const string DblUpvote = """{"admin":false,"avatar":"a_1234567890abcdef","username":"voter","id":"395526710101278721"}""";

    /// <summary>discords.com (docs.discords.com "Receiving webhooks"): user, bot, query, engine, type.</summary>
    public const string DiscordsVote = """{"user":"254287885585350666","bot":"1100000000000000001","query":{"cast":"/bots/bot/1100000000000000001/vote"},"engine":"IridiumNode-v16.18.1","type":"vote"}""";
    public const string DiscordsPremiumVote = """{"user":"254287885585350666","bot":"1100000000000000001","query":{"cast":"/bots/bot/1100000000000000001/vote"},"engine":"IridiumNode-v16.18.1","type":"premium_vote"}""";
    public const string DiscordsTest = """{"user":"254287885585350666","bot":"1100000000000000001","engine":"IridiumNode-v16.18.1","type":"test"}""";
    public const string DiscordsReview = """{"user":"254287885585350666","bot":"1100000000000000001","stars":5,"content":"This is some sample content","engine":"IridiumNode-v16.18.1","type":"review"}""";
}
