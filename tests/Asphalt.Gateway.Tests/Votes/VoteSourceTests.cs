using System.Text;
using Asphalt.Gateway.Commands.Votes;
using Asphalt.Gateway.Votes;
using Asphalt.Grains.Interfaces.Votes;
using static Asphalt.Gateway.Tests.Votes.DocumentedPayloads;
using static Asphalt.Gateway.Tests.Votes.VoteSources;

namespace Asphalt.Gateway.Tests.Votes;

/// <summary>The shipped sources read each site's documented payload into the canonical event, which matches the schema.</summary>
public sealed class VoteSourceTests
{
    private const long Voter = 395526710101278721;

    [Fact]
    public void Topgg_legacy_upvote_becomes_a_bot_vote_of_weight_1_with_its_query()
    {
        var vote = Vote("topgg", TopggUpvote);

        Assert.Equal((Voter, (long?)BotId, (long?)null, 1, false, false, "?a=1&b=2"), (vote.UserId, vote.BotId, vote.GuildId, vote.Weight, vote.IsTest, vote.IsWeekend, vote.Query));
        Assert.Equal("topgg", vote.Source);
        Assert.Equal(Now, vote.ReceivedAt);
        Assert.Equal(Now, vote.VotedAt); // top.gg legacy sends no timestamp
        Assert.Equal(12 * 3600, vote.CooldownSeconds);
        Assert.Equal(VoteEventMapper.SyntheticId("topgg", Voter, Now, TimeSpan.FromHours(12)), vote.Id);
    }

    [Fact]
    public void Topgg_legacy_weekend_vote_counts_double_and_a_server_vote_names_the_guild()
    {
        var weekend = Vote("topgg", TopggWeekendUpvote);
        var server = Vote("topgg", TopggServerUpvote);

        Assert.Equal((2, true), (weekend.Weight, weekend.IsWeekend));
        Assert.Null(weekend.Query);
        Assert.Equal(((long?)null, (long?)900000000000000009), (server.BotId, server.GuildId));
    }

    [Fact]
    public void Topgg_v1_vote_create_carries_the_site_vote_id_weight_and_cast_time()
    {
        var vote = Vote("topgg-v1", TopggV1VoteCreate);
        var weekend = Vote("topgg-v1", TopggV1WeekendVote);
        var server = Vote("topgg-v1", TopggV1ServerVote);

        Assert.Equal("topgg-v1:808499215864008704", vote.Id);
        Assert.Equal((Voter, (long?)BotId, 1), (vote.UserId, vote.BotId, vote.Weight));
        Assert.Equal(DateTimeOffset.Parse("2026-03-07T18:29:58.2510149+00:00", System.Globalization.CultureInfo.InvariantCulture), vote.VotedAt);
        Assert.Equal(2, weekend.Weight);
        Assert.Equal(((long?)null, (long?)900000000000000009), (server.BotId, server.GuildId));
    }

    [Fact]
    public void Discordbotlist_vote_names_the_user_and_the_configured_bot()
    {
        var vote = Vote("dbl", DblUpvote);

        Assert.Equal((Voter, (long?)BotId, 1, false), (vote.UserId, vote.BotId, vote.Weight, vote.IsTest));
        Assert.StartsWith($"dbl:{Voter}:w", vote.Id);
    }

    [Fact]
    public void Discords_vote_and_premium_vote_with_its_query_object_and_a_24_hour_cooldown()
    {
        var vote = Vote("discords", DiscordsVote);
        var premium = Vote("discords", DiscordsPremiumVote);

        Assert.Equal((254287885585350666L, (long?)BotId, 1, 24 * 3600), (vote.UserId, vote.BotId, vote.Weight, vote.CooldownSeconds));
        Assert.Equal("""{"cast":"/bots/bot/1100000000000000001/vote"}""", vote.Query);
        Assert.Equal(2, premium.Weight);
    }

    [Theory]
    [InlineData("topgg", TopggTest)]
    [InlineData("topgg-v1", TopggV1Test)]
    [InlineData("discords", DiscordsTest)]
    public void Test_deliveries_are_marked_as_tests(string source, string body)
    {
        var vote = Vote(source, body);

        Assert.True(vote.IsTest);
        Assert.Null(SchemaErrors(VoteEventJson.Serialize(vote)));
    }

    [Fact]
    public void A_discords_review_is_not_a_vote()
    {
        Assert.Equal("review", Assert.IsType<MappedDelivery.NotAVote>(Map("discords", DiscordsReview)).Type);
    }

    [Theory]
    [InlineData("topgg", "not json")]
    [InlineData("topgg", "[1,2]")]
    [InlineData("topgg", """{"bot":"1","type":"upvote"}""")]
    [InlineData("topgg", """{"bot":"1","user":"not-a-snowflake","type":"upvote"}""")]
    [InlineData("topgg-v1", """{"type":"vote.create","data":{"weight":1,"user":{"platform_id":"395526710101278721"},"project":{"type":"bot","platform_id":"1"}}}""")]
    [InlineData("topgg-v1", """{"type":"vote.create","data":{"id":"1","weight":0,"user":{"platform_id":"395526710101278721"},"project":{"type":"bot","platform_id":"1"}}}""")]
    [InlineData("dbl", """{"username":"voter"}""")]
    public void Malformed_payloads_are_invalid(string source, string body)
    {
        Assert.IsType<MappedDelivery.Invalid>(Map(source, body));
    }

    [Fact]
    public void Every_event_the_sources_produce_matches_the_JSON_schema()
    {
        var events = new[]
        {
            Vote("topgg", TopggUpvote), Vote("topgg", TopggWeekendUpvote), Vote("topgg", TopggServerUpvote),
            Vote("topgg-v1", TopggV1VoteCreate), Vote("topgg-v1", TopggV1ServerVote),
            Vote("dbl", DblUpvote), Vote("discords", DiscordsVote), Vote("discords", DiscordsPremiumVote),
        };

        foreach (var vote in events)
        {
            var json = VoteEventJson.Serialize(vote);
            Assert.Null(SchemaErrors(json));
            Assert.Equal(vote, VoteEventJson.Deserialize(json));
        }
        Assert.Contains("\"userId\":\"395526710101278721\"", VoteEventJson.Serialize(events[0])); // snowflakes are strings
        Assert.Contains("\"schema\":\"asphalt.vote-event.v1\"", VoteEventJson.Serialize(events[0]));
    }

    [Fact]
    public void The_schema_rejects_an_event_without_a_user_or_with_a_numeric_snowflake()
    {
        var json = VoteEventJson.Serialize(Vote("topgg", TopggUpvote));

        Assert.NotNull(SchemaErrors(json.Replace("\"userId\":\"395526710101278721\",", "", StringComparison.Ordinal)));
        Assert.NotNull(SchemaErrors(json.Replace("\"userId\":\"395526710101278721\"", "\"userId\":395526710101278721", StringComparison.Ordinal)));
        Assert.NotNull(SchemaErrors(json.Replace("\"weight\":1", "\"weight\":0", StringComparison.Ordinal)));
    }

    [Fact]
    public void Synthetic_keys_repeat_within_half_a_cooldown_and_differ_for_votes_a_cooldown_apart()
    {
        var cooldown = TimeSpan.FromHours(12);
        var start = new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero); // a window boundary (6 h windows)

        Assert.Equal(VoteEventMapper.SyntheticId("dbl", 1, start.AddMinutes(1), cooldown), VoteEventMapper.SyntheticId("dbl", 1, start.AddMinutes(17), cooldown));
        Assert.NotEqual(VoteEventMapper.SyntheticId("dbl", 1, start.AddHours(5.9), cooldown), VoteEventMapper.SyntheticId("dbl", 1, start.AddHours(5.9) + cooldown, cooldown));
        Assert.NotEqual(VoteEventMapper.SyntheticId("dbl", 1, start, cooldown), VoteEventMapper.SyntheticId("dbl", 2, start, cooldown));
    }

    // ── verification ─────────────────────────────────────────────────────────────────────────

    [Theory]
    [InlineData("topgg", TopggSecret)]
    [InlineData("dbl", DblSecret)]
    [InlineData("discords", DiscordsSecret)]
    public void Header_secrets_verify_only_when_equal(string source, string secret)
    {
        Assert.Equal(Verification.Verified, Verify(source, "{}", ("Authorization", secret)));
        Assert.Equal(Verification.Rejected, Verify(source, "{}", ("Authorization", secret + "x")));
        Assert.Equal(Verification.Rejected, Verify(source, "{}", ("Authorization", secret[..^1])));
        Assert.Equal(Verification.Rejected, Verify(source, "{}", ("Authorization", TopggV1Secret)));
        Assert.Equal(Verification.Missing, Verify(source, "{}"));
    }

    [Fact]
    public void Topgg_v1_signature_verifies_over_timestamp_and_raw_body()
    {
        var signature = VoteVerifier.TopggV1Signature(TopggV1Secret, Encoding.UTF8.GetBytes(TopggV1VoteCreate), Now.AddSeconds(-3));

        Assert.Equal(Verification.Verified, Verify("topgg-v1", TopggV1VoteCreate, ("x-topgg-signature", signature)));
        Assert.Equal(Verification.Rejected, Verify("topgg-v1", TopggV1VoteCreate.Replace("\"weight\": 1", "\"weight\": 2", StringComparison.Ordinal), ("x-topgg-signature", signature)));
        Assert.Equal(Verification.Missing, Verify("topgg-v1", TopggV1VoteCreate));
        // the secret in the Authorization header is not how v1 authenticates
        Assert.Equal(Verification.Missing, Verify("topgg-v1", TopggV1VoteCreate, ("Authorization", TopggV1Secret)));
    }

    [Theory]
    [InlineData("t={t},v1=00")]
    [InlineData("v1={sig}")]
    [InlineData("t=abc,v1={sig}")]
    [InlineData("garbage")]
    public void Topgg_v1_malformed_or_forged_signatures_are_rejected(string template)
    {
        var body = Encoding.UTF8.GetBytes(TopggV1VoteCreate);
        var good = VoteVerifier.TopggV1Signature(TopggV1Secret, body, Now);
        var header = template.Replace("{t}", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{sig}", good.Split("v1=")[1], StringComparison.Ordinal);

        Assert.Equal(Verification.Rejected, Verify("topgg-v1", TopggV1VoteCreate, ("x-topgg-signature", header)));
        Assert.Equal(Verification.Rejected, Verify("topgg-v1", TopggV1VoteCreate,
            ("x-topgg-signature", VoteVerifier.TopggV1Signature("whs_forged", body, Now))));
    }

    [Fact]
    public void Topgg_v1_timestamps_more_than_5_minutes_away_are_rejected_even_when_signed()
    {
        var body = Encoding.UTF8.GetBytes(TopggV1VoteCreate);

        Assert.Equal(Verification.Verified, Verify("topgg-v1", TopggV1VoteCreate, ("x-topgg-signature", VoteVerifier.TopggV1Signature(TopggV1Secret, body, Now.AddMinutes(-4.9)))));
        Assert.Equal(Verification.Rejected, Verify("topgg-v1", TopggV1VoteCreate, ("x-topgg-signature", VoteVerifier.TopggV1Signature(TopggV1Secret, body, Now.AddMinutes(-5.1)))));
        Assert.Equal(Verification.Rejected, Verify("topgg-v1", TopggV1VoteCreate, ("x-topgg-signature", VoteVerifier.TopggV1Signature(TopggV1Secret, body, Now.AddMinutes(5.1)))));
    }

    // ── a new site by configuration alone ─────────────────────────────────────────────────────

    [Fact]
    public void A_new_site_is_added_by_configuration_alone_with_an_HMAC_header_and_nested_paths()
    {
        var options = Options(
            ("Votes:Sources:newsite:Auth", "HmacSha256"),
            ("Votes:Sources:newsite:Header", "X-Signature"),
            ("Votes:Sources:newsite:SignaturePrefix", "sha256="),
            ("Votes:Sources:newsite:Secret", "newsite-secret"),
            ("Votes:Sources:newsite:Cooldown", "06:00:00"),
            ("Votes:Sources:newsite:Fields:Id", "$.vote.uuid"),
            ("Votes:Sources:newsite:Fields:UserId", "$.vote.voter.discord"),
            ("Votes:Sources:newsite:Fields:GuildId", "$.vote.server"),
            ("Votes:Sources:newsite:Fields:VotedAt", "$.vote.at"),
            ("Votes:Sources:newsite:Fields:IsTest", "$.test"));
        const string body = """{"test":false,"vote":{"uuid":"abc-123","at":1772908200,"server":900000000000000009,"voter":{"discord":"395526710101278721"}}}""";
        var signature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("newsite-secret"), Encoding.UTF8.GetBytes(body)));
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary { ["X-Signature"] = signature };

        Assert.Empty(options.Problems());
        Assert.Equal(Verification.Verified, VoteVerifier.Verify(options.FindActive("newsite")!, headers, Encoding.UTF8.GetBytes(body), Now));
        headers["X-Signature"] = signature[..^2] + "00";
        Assert.Equal(Verification.Rejected, VoteVerifier.Verify(options.FindActive("newsite")!, headers, Encoding.UTF8.GetBytes(body), Now));
        var vote = Assert.IsType<MappedDelivery.Vote>(Map("newsite", body, options)).Event;
        Assert.Equal(("newsite:abc-123", Voter, (long?)900000000000000009, DateTimeOffset.FromUnixTimeSeconds(1772908200), 6 * 3600),
            (vote.Id, vote.UserId, vote.GuildId, vote.VotedAt, vote.CooldownSeconds));
        Assert.Null(SchemaErrors(VoteEventJson.Serialize(vote)));
    }

    [Fact]
    public void Configuration_problems_name_the_key_to_fix()
    {
        var problems = Options(("Votes:BotId", null), ("Votes:Sources:bad site:Secret", "secret-x"), ("Votes:Sources:bad site:Fields:UserId", "u"), ("Votes:Port", "70000")).Problems();

        Assert.Contains(problems, p => p.Contains("Votes:Port", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Votes:Sources:dbl", StringComparison.Ordinal) && p.Contains("Votes:BotId", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Votes:Sources:bad site", StringComparison.Ordinal));
        Assert.Empty(Options().Problems());
    }

    [Fact]
    public void Sources_without_a_secret_are_not_active()
    {
        var options = Options(("Votes:Sources:dbl:Secret", ""));

        Assert.Null(options.FindActive("dbl"));
        Assert.NotNull(options.FindActive("TOPGG")); // source names are case-insensitive
        Assert.Null(options.FindActive("nosuchsite"));
    }

    // ── /vote ────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Vote_command_lists_sites_with_their_cooldown_end_as_a_relative_timestamp_and_the_streak()
    {
        var options = Options(("Votes:Sources:topgg:VoteUrl", "https://top.gg/bot/1/vote"), ("Votes:Sources:dbl:VoteUrl", "https://discordbotlist.com/bots/asphalt/upvote"));
        var next = Now.AddHours(5);
        var status = new VoteStatus(3, [new SourceVote("topgg", next.AddHours(-12), next)]);

        var text = VoteCommand.Render(options, status, Now);

        Assert.Contains($"[Top.gg](<https://top.gg/bot/1/vote>) — next vote <t:{next.ToUnixTimeSeconds()}:R>", text);
        Assert.Contains("[Discord Bot List](<https://discordbotlist.com/bots/asphalt/upvote>) — you can vote now", text);
        Assert.Contains("**3 days**", text);
        Assert.DoesNotContain("Discords.com", text); // no vote URL configured
    }
}
