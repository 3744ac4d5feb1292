using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Emulators.Discord.Rest;
using Asphalt.Emulators.Lavalink;
using Asphalt.Tests.Support;

namespace Asphalt.Observability.Tests;

/// <summary>
/// A silo and a gateway process on the Discord emulator, with some traffic behind them (a command,
/// guild events), shared by the tests that read their /metrics.
/// </summary>
public sealed class RunningSystem : IAsyncLifetime
{
    private const string Token = "observability-test-token";
    private readonly SqliteDatabase _database = new();
    private DiscordEmulator _discord = null!;
    private LavalinkEmulator _lavalink = null!;

    public SiloPorts SiloPorts { get; } = SiloPorts.Allocate();
    public GatewayPorts GatewayPorts { get; } = GatewayPorts.Allocate();
    public AsphaltProcess Silo { get; private set; } = null!;
    public AsphaltProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
        {
            BotToken = Token,
            Guilds = GuildGenerator.Generate(3),
            HeartbeatInterval = TimeSpan.FromSeconds(1), // heartbeat latency is measured within a second
        });
        _lavalink = await LavalinkEmulator.StartAsync();
        Silo = SiloPorts.Start(new Dictionary<string, string?>(_database.Settings)
        {
            ["Audio:BotUserId"] = _discord.BotUser.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Audio:Nodes:0:Name"] = "emulated-1",
            ["Audio:Nodes:0:Uri"] = _lavalink.BaseUrl,
            ["Audio:Nodes:0:Password"] = "youshallnotpass",
            ["Audio:Nodes:0:Region"] = "us-east",
        });
        await Silo.WaitHealthyAsync();
        Gateway = GatewayPorts.Start(SiloPorts, _discord.ApiBaseUrl, Token, _database.Settings);
        await Gateway.WaitHealthyAsync();
        for (var shard = 0; shard < _discord.RecommendedShards; shard++)
            await _discord.WaitForConnectionAsync(shard, TimeSpan.FromSeconds(30));
        await DriveTrafficAsync();
        // Node gauges are refreshed in the background: wait for the first view of the node.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await ScrapeAsync(SiloPorts.Metrics)).Contains("asphalt_audio_node_up{", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(500);
    }

    /// <summary>
    /// Makes each gateway instrument fire for real: a command, a 429 on its callback, a malformed
    /// frame, and a dropped session that the shard resumes.
    /// </summary>
    private async Task DriveTrafficAsync()
    {
        var patience = TimeSpan.FromSeconds(30);
        _discord.InjectRateLimits(RestRoutes.CreateInteractionResponse, 1);
        var ping = await _discord.SendSlashCommandAsync(_discord.Guilds[0].Id, 300_000_000_000_000_001, "ping");
        await ping.WaitForFinalReplyAsync(patience);
        await _discord.SendRawAsync(0, "{\"op\": 0, \"t\": \"MESSAGE_CREATE\", \"d\": ");
        await _discord.CloseShardAsync(0, 4000, "observability test");
        await _discord.WaitForResumeAsync(0, patience);
        await _discord.WaitForHeartbeatAsync(0, patience, occurrence: 3);
    }

    public async Task<string> ScrapeAsync(int port)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
        await _discord.DisposeAsync();
        await _lavalink.DisposeAsync();
        _database.Dispose();
    }
}
