using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Models;
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

    public SiloPorts SiloPorts { get; } = SiloPorts.Allocate();
    public GatewayPorts GatewayPorts { get; } = GatewayPorts.Allocate();
    public AsphaltProcess Silo { get; private set; } = null!;
    public AsphaltProcess Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { BotToken = Token, Guilds = GuildGenerator.Generate(3) });
        Silo = SiloPorts.Start(_database.Settings);
        await Silo.WaitHealthyAsync();
        Gateway = GatewayPorts.Start(SiloPorts, _discord.ApiBaseUrl, Token, _database.Settings);
        await Gateway.WaitHealthyAsync();
        var ping = await _discord.SendSlashCommandAsync(_discord.Guilds[0].Id, 300_000_000_000_000_001, "ping");
        await ping.WaitForFinalReplyAsync(TimeSpan.FromSeconds(30));
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
        _database.Dispose();
    }
}
