using System.Net;
using Asphalt.Gateway.Discord.Gateway;
using Asphalt.Gateway.Discord.Rest;
using Asphalt.Gateway.Discord.Tokens;
using Asphalt.Gateway.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>How long pooled connections live, so DNS changes of discord.com are picked up (HttpClient guidance).</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Discord client: options (section <c>Discord</c>, validated at start), the token source,
    /// the REST client and the shards (a hosted service). Needs an <see cref="IGatewayDispatchHandler"/>;
    /// uses an <see cref="IShardSessionStore"/> if one is registered, else keeps sessions in memory.
    /// </summary>
    public static IServiceCollection AddDiscordClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GatewayMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IShardSessionStore, InMemoryShardSessionStore>();
        services.TryAddSingleton<IDiscordTokenSource>(sp => new ConfiguredTokenSource(sp.GetRequiredService<IOptions<DiscordOptions>>(), CreateHttpClient()));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<DiscordRestClient>(sp, CreateHttpClient()));
        services.TryAddSingleton<DiscordShardRegistry>();
        services.TryAddSingleton<IDiscordGateway>(sp => sp.GetRequiredService<DiscordShardRegistry>());
        services.AddHostedService<DiscordGatewayService>();
        return services;
    }

    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = PooledConnectionLifetime,
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each request has its own timeout (Discord:Rest:RequestTimeout)
    };
}
