using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Emulators.Tests.Discord;

/// <summary>Options for tests: a known token, generated guilds, and short heartbeats.</summary>
internal static class EmulatorBuilder
{
    public const string Token = "test-bot-token.emulator";

    public static DiscordEmulatorOptions Options(int guilds = 10, int? shards = null) => new()
    {
        BotToken = Token,
        Guilds = GuildGenerator.Generate(guilds),
        RecommendedShards = shards,
        HeartbeatInterval = TimeSpan.FromMilliseconds(1000),
    };

    public static Task<DiscordEmulator> StartAsync(DiscordEmulatorOptions? options = null) => DiscordEmulator.StartAsync(options ?? Options());

    public static HttpClient Http(DiscordEmulator emulator, string? token = Token)
    {
        var http = new HttpClient { BaseAddress = new Uri(emulator.ApiBaseUrl + "/"), Timeout = TimeSpan.FromSeconds(15) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bot " + token);
        }

        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://example.invalid, 0.1) asphalt-tests");
        return http;
    }
}
