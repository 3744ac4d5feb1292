using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Tests.Support;
using Npgsql;

namespace Asphalt.EndToEnd.Tests;

/// <summary>
/// One silo and two gateway processes on one PostgreSQL database, the Discord emulator in this
/// process, and the vote webhooks on each gateway's own votes port.
/// </summary>
public sealed class VoteSystem : PostgresDatabase
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    public const long BotId = 1_100_000_000_000_000_001;
    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["topgg"] = "e2e-topgg-legacy-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        ["topgg-v1"] = "whs_e2e" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        ["dbl"] = "e2e-dbl-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        ["discords"] = "e2e-discords-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
    };

    private readonly string _token = $"MTA{Base64Url(18)}.{Base64Url(4)}.{Base64Url(28)}";
    private readonly List<AsphaltProcess> _extra = [];

    public DiscordEmulator Discord { get; private set; } = null!;
    public SiloPorts SiloPorts { get; } = SiloPorts.Allocate();
    public AsphaltProcess Silo { get; private set; } = null!;
    public (GatewayPorts Ports, int Votes, AsphaltProcess Process) A { get; private set; }
    public (GatewayPorts Ports, int Votes, AsphaltProcess Process) B { get; private set; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { BotToken = _token, Guilds = GuildGenerator.Generate(1) });
        Silo = SiloPorts.Start(Settings);
        await Silo.WaitHealthyAsync();
        A = await StartGatewayAsync();
        B = await StartGatewayAsync();
    }

    /// <summary>A gateway with vote webhooks on a port of its own; <paramref name="more"/> adds settings (fault hooks).</summary>
    public async Task<(GatewayPorts Ports, int Votes, AsphaltProcess Process)> StartGatewayAsync(params (string Key, string Value)[] more)
    {
        var ports = GatewayPorts.Allocate();
        var votes = FreePort.Next();
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Votes:Port"] = votes.ToString(CultureInfo.InvariantCulture),
            ["Votes:BotId"] = BotId.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (source, secret) in Secrets) settings[$"Votes:Sources:{source}:Secret"] = secret;
        foreach (var (key, value) in more) settings[key] = value;
        var process = ports.Start(SiloPorts, Discord.ApiBaseUrl, _token, settings);
        _extra.Add(process);
        await process.WaitHealthyAsync();
        return (ports, votes, process);
    }

    public Task<HttpResponseMessage> PostAsync(int port, string source, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/webhooks/votes/{source}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return Http.SendAsync(request);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    public override async Task DisposeAsync()
    {
        foreach (var process in _extra) await process.DisposeAsync();
        if (Silo is not null) await Silo.DisposeAsync();
        if (Discord is not null) await Discord.DisposeAsync();
        Http.Dispose();
        await base.DisposeAsync();
    }

    private static string Base64Url(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class VoteWebhookProcessTests(VoteSystem system) : IClassFixture<VoteSystem>
{
    private static long _users = 600_000_000_000_000_000;
    private static long NewUser() => Interlocked.Increment(ref _users);

    private static string TopggLegacy(long user, string type = "upvote", bool weekend = false) =>
        $$"""{"bot":"{{VoteSystem.BotId}}","user":"{{user}}","type":"{{type}}","isWeekend":{{(weekend ? "true" : "false")}},"query":"?from=e2e"}""";

    private static string TopggV1(long user, string voteId) =>
        $$$"""{"type":"vote.create","data":{"id":"{{{voteId}}}","weight":1,"created_at":"{{{DateTimeOffset.UtcNow:O}}}","expires_at":"{{{DateTimeOffset.UtcNow.AddHours(12):O}}}","project":{"id":"803190510032756736","type":"bot","platform":"discord","platform_id":"{{{VoteSystem.BotId}}}"},"user":{"id":"800000000000000001","platform_id":"{{{user}}}","name":"voter","avatar_url":"x"}}""" + "}";

    private static string Dbl(long user) => $$"""{"admin":false,"avatar":"a_0123456789abcdef","username":"voter","id":"{{user}}"}""";

    private static string Discords(long user, string type = "vote") =>
        $$"""{"user":"{{user}}","bot":"{{VoteSystem.BotId}}","query":{"cast":"/bots/bot/{{VoteSystem.BotId}}/vote"},"engine":"IridiumNode-v16.18.1","type":"{{type}}"}""";

    private static (string, string) Auth(string source) => ("Authorization", VoteSystem.Secrets[source]);

    private static (string, string) TopggSignature(string body, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(VoteSystem.Secrets["topgg-v1"]), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return ("x-topgg-signature", $"t={t},v1={Convert.ToHexStringLower(mac)}");
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("outcome").GetString()!;
    }

    private Task<long> VoteLedgerRowsAsync(long user) => system.ScalarAsync<long>($"SELECT count(*) FROM ledger WHERE user_id = {user} AND kind = 'vote'");
    private Task<long> WalletAsync(long user) => system.ScalarAsync<long>($"SELECT coalesce(sum(wallet_delta), 0) FROM ledger WHERE user_id = {user}");

    [Fact]
    public async Task Every_documented_source_is_verified_recorded_credited_and_thanked_by_DM()
    {
        long topgg = NewUser(), v1 = NewUser(), dbl = NewUser(), discords = NewUser();
        var v1Body = TopggV1(v1, $"{v1}1");

        var answers = new[]
        {
            await system.PostAsync(system.A.Votes, "topgg", TopggLegacy(topgg, weekend: true), Auth("topgg")),
            await system.PostAsync(system.A.Votes, "topgg-v1", v1Body, TopggSignature(v1Body)),
            await system.PostAsync(system.B.Votes, "dbl", Dbl(dbl), Auth("dbl")),
            await system.PostAsync(system.B.Votes, "discords", Discords(discords, "premium_vote"), Auth("discords")),
        };

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("credited", await OutcomeAsync(answer));
        }
        // 250 coins per weight: top.gg's weekend and discords.com's premium vote count double.
        var wallets = new List<long>();
        foreach (var user in new[] { topgg, v1, dbl, discords }) wallets.Add(await WalletAsync(user));
        Assert.Equal([500L, 250L, 250L, 500L], wallets);
        foreach (var user in new[] { topgg, v1, dbl, discords })
            Assert.Equal(1, await VoteLedgerRowsAsync(user));
        Assert.Equal("credited", await system.ScalarAsync<string>($"SELECT status FROM votes WHERE vote_key = 'topgg-v1:{v1}1'"));
        await system.Discord.Log.ChannelMessages.WaitForAsync(m => m.Content?.Contains("on Discords.com! You got **500 coins**", StringComparison.Ordinal) == true, VoteSystem.Timeout);
        await system.Discord.Log.ChannelMessages.WaitForAsync(m => m.Content?.Contains("on Top.gg! You got **500 coins**", StringComparison.Ordinal) == true, VoteSystem.Timeout);

        var metrics = await system.Http.GetStringAsync($"http://127.0.0.1:{system.A.Ports.Metrics}/metrics");
        var votesLines = metrics.Split('\n').Where(l => l.StartsWith("asphalt_votes_webhooks_total{", StringComparison.Ordinal)).ToList();
        var credited = votesLines.SingleOrDefault(l => l.Contains("outcome=\"credited\"", StringComparison.Ordinal) && l.Contains("source=\"topgg\"", StringComparison.Ordinal));
        Assert.True(credited is not null, string.Join('\n', votesLines));
        // At least this test's vote (another test may also have sent a top.gg vote to this gateway).
        Assert.True(double.Parse(credited.Split('}')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) >= 1, credited);
    }

    [Fact]
    public async Task Forged_stale_malformed_oversized_unknown_and_misdirected_deliveries_are_refused_and_record_nothing()
    {
        var user = NewUser();
        var v1Body = TopggV1(user, $"{user}9");
        var votes = system.A.Votes;

        Assert.Equal(HttpStatusCode.NotFound, (await system.PostAsync(votes, "nosuchsite", Dbl(user), Auth("dbl"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.PostAsync(votes, "dbl", Dbl(user))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsync(votes, "dbl", Dbl(user), ("Authorization", VoteSystem.Secrets["dbl"] + "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsync(votes, "discords", Discords(user), Auth("dbl"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsync(votes, "topgg-v1", v1Body, TopggSignature(v1Body, DateTimeOffset.UtcNow.AddMinutes(-6)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsync(votes, "topgg-v1", v1Body.Replace("\"weight\":1", "\"weight\":3", StringComparison.Ordinal), TopggSignature(v1Body))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await system.PostAsync(votes, "topgg", "{\"user\":", Auth("topgg"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await system.PostAsync(votes, "topgg", """{"bot":"1","type":"upvote"}""", Auth("topgg"))).StatusCode);
        var oversized = Dbl(user).Replace("\"voter\"", $"\"{new string('x', 70 * 1024)}\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await system.PostAsync(votes, "dbl", oversized, Auth("dbl"))).StatusCode);
        // The webhook lives on the votes port only, not beside /health.
        Assert.Equal(HttpStatusCode.NotFound, (await system.PostAsync(system.A.Process.HttpPort, "dbl", Dbl(user), Auth("dbl"))).StatusCode);

        Assert.Equal(0L, await system.ScalarAsync<long>($"SELECT count(*) FROM votes WHERE user_id = {user}"));
        Assert.Equal(0L, await WalletAsync(user));
    }

    [Fact]
    public async Task Test_votes_are_acknowledged_and_never_rewarded()
    {
        var user = NewUser();

        var legacy = await system.PostAsync(system.A.Votes, "topgg", TopggLegacy(user, type: "test"), Auth("topgg"));
        var discords = await system.PostAsync(system.B.Votes, "discords", Discords(user, "test"), Auth("discords"));
        var review = await system.PostAsync(system.B.Votes, "discords", Discords(user, "review"), Auth("discords"));

        Assert.Equal((HttpStatusCode.OK, "test"), (legacy.StatusCode, await OutcomeAsync(legacy)));
        Assert.Equal((HttpStatusCode.OK, "test"), (discords.StatusCode, await OutcomeAsync(discords)));
        Assert.Equal((HttpStatusCode.OK, "not_a_vote"), (review.StatusCode, await OutcomeAsync(review)));
        Assert.Equal(0L, await system.ScalarAsync<long>($"SELECT count(*) FROM votes WHERE user_id = {user}"));
        Assert.Equal(0L, await WalletAsync(user));
    }

    [Fact]
    public async Task Ten_deliveries_of_one_vote_to_two_gateways_at_once_are_credited_once()
    {
        long keyed = NewUser(), keyless = NewUser();
        var v1Body = TopggV1(keyed, $"{keyed}5");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            system.PostAsync(i % 2 == 0 ? system.A.Votes : system.B.Votes, "topgg-v1", v1Body, TopggSignature(v1Body)),
            system.PostAsync(i % 2 == 0 ? system.B.Votes : system.A.Votes, "topgg", TopggLegacy(keyless), Auth("topgg")),
        }));
        var outcomes = await Task.WhenAll(answers.Select(OutcomeAsync));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(2, outcomes.Count(o => o == "credited"));
        Assert.Equal(18, outcomes.Count(o => o == "duplicate"));
        Assert.Equal((1L, 1L), (await VoteLedgerRowsAsync(keyed), await VoteLedgerRowsAsync(keyless)));
        Assert.Equal((250L, 250L), (await WalletAsync(keyed), await WalletAsync(keyless)));
    }

    [Fact]
    public async Task A_gateway_killed_after_recording_but_before_answering_leads_to_a_retry_that_is_not_paid_twice()
    {
        var user = NewUser();
        var doomed = await system.StartGatewayAsync(("Votes:Testing:KillAfterRecorded", "true"));

        // The site sees no answer (the process died after the vote was durable) and retries.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => system.PostAsync(doomed.Votes, "dbl", Dbl(user), Auth("dbl")));
        await doomed.Process.WaitForOutputAsync("KillAfterRecorded", VoteSystem.Timeout);
        Assert.True(doomed.Process.HasExited || await Task.Run(async () => { await Task.Delay(1000); return doomed.Process.HasExited; }));
        var retry = await system.PostAsync(system.A.Votes, "dbl", Dbl(user), Auth("dbl"));

        Assert.Equal((HttpStatusCode.OK, "duplicate"), (retry.StatusCode, await OutcomeAsync(retry)));
        Assert.Equal(1L, await VoteLedgerRowsAsync(user));
        Assert.Equal(250L, await WalletAsync(user));
        Assert.Equal("credited", await system.ScalarAsync<string>($"SELECT status FROM votes WHERE user_id = {user}"));
    }
}
