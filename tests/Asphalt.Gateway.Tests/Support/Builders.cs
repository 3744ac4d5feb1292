using Asphalt.Gateway.Discord;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Gateway.Discord.Tokens;
using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Tests.Support;

public static class Builders
{
    public const string Token = "test-bot-token-0123456789";

    public static DiscordOptions Options(Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions { Token = Token, ApiBaseUrl = "https://discord.test/api/v10" };
        configure?.Invoke(options);
        return options;
    }

    public static DiscordRestClient RestClient(HttpMessageHandler handler, TimeProvider time, GatewayMetrics? metrics = null, Action<DiscordOptions>? configure = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(configure));
        return new DiscordRestClient(new HttpClient(handler), new ConfiguredTokenSource(options, new HttpClient()), options, metrics ?? new GatewayMetrics(), time,
            NullLogger<DiscordRestClient>.Instance);
    }
}
