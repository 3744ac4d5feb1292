using System.Security.Cryptography;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Models;
using Asphalt.Tests.Support;

namespace Asphalt.EndToEnd.Tests;

/// <summary>The real silo and gateway processes, with the Discord emulator in this process.</summary>
public sealed class GatewayProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    // A token shaped like Discord's (id.timestamp.hmac), so the redaction of unregistered look-alikes is exercised too.
    private readonly string _token = $"MTA{Base64Url(18)}.{Base64Url(4)}.{Base64Url(28)}";
    private readonly SqliteDatabase _database = new();
    private readonly SiloPorts _siloPorts = SiloPorts.Allocate();
    private readonly GatewayPorts _gatewayPorts = GatewayPorts.Allocate();
    private DiscordEmulator _discord = null!;
    private AsphaltProcess _silo = null!;
    private AsphaltProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _discord = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions { BotToken = _token, Guilds = GuildGenerator.Generate(4) });
        _silo = _siloPorts.Start(_database.Settings);
        await _silo.WaitHealthyAsync();
        _gateway = _gatewayPorts.Start(_siloPorts, _discord.ApiBaseUrl, _token, _database.Settings);
        await _gateway.WaitHealthyAsync();
        for (var shard = 0; shard < _discord.RecommendedShards; shard++)
            await _discord.WaitForConnectionAsync(shard, ReplyTimeout);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silo.DisposeAsync();
        await _discord.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Ping_is_answered_through_the_real_gateway_and_silo_and_the_execution_is_recorded()
    {
        var guild = _discord.Guilds[0];
        await _discord.Log.CommandRegistrations.WaitForAsync(_ => true, ReplyTimeout);

        var interaction = await _discord.SendSlashCommandAsync(guild.Id, 200_000_000_000_000_002, "ping");
        var reply = await interaction.WaitForFinalReplyAsync(ReplyTimeout);

        var text = reply.Content + string.Concat(reply.Embeds.Select(e => e?.ToJsonString()));
        Assert.Contains("ms", text); // heartbeat and REST latencies are reported in milliseconds
        var recorded = await WaitForRowAsync($"SELECT outcome FROM command_executions WHERE interaction_id = {(long)interaction.Id}");
        Assert.Equal("Succeeded", recorded);
    }

    [Fact]
    public async Task Guilds_of_GUILD_CREATE_reach_their_guild_grains()
    {
        var guild = _discord.Guilds[^1];

        var stored = await WaitForRowAsync(
            "SELECT count(*) FROM grain_state WHERE state_name = 'guild'", minimum: _discord.Guilds.Count);

        Assert.Equal(_discord.Guilds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), stored);
        Assert.NotNull(guild.Name);
    }

    [Fact]
    public async Task The_token_appears_nowhere_in_the_logs_of_either_process()
    {
        await _discord.SendSlashCommandAsync(_discord.Guilds[0].Id, 200_000_000_000_000_003, "about")
            .ContinueWith(t => t.Result.WaitForFinalReplyAsync(ReplyTimeout)).Unwrap();

        Assert.Equal(0, await _gateway.TerminateAsync());
        Assert.Equal(0, await _silo.TerminateAsync());
        Assert.DoesNotContain(_token, _gateway.Output);
        Assert.DoesNotContain(_token, _silo.Output);
        Assert.Contains("\"level\":", _gateway.Output); // the gateway did log (structured lines)
    }

    private async Task<string> WaitForRowAsync(string sql, int minimum = 1)
    {
        var deadline = DateTime.UtcNow + ReplyTimeout;
        while (true)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            var enough = !string.IsNullOrEmpty(value) && (!long.TryParse(value, out var n) || n >= minimum);
            if (enough || DateTime.UtcNow > deadline) return value ?? "";
            await Task.Delay(200);
        }
    }

    private static string Base64Url(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
