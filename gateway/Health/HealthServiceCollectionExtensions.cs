namespace Asphalt.Gateway.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>/health: the Discord shards and the Orleans client.</summary>
    public static IServiceCollection AddGatewayHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DiscordShardsHealthCheck>("discord-shards")
            .AddCheck<OrleansClientHealthCheck>("orleans-client");
        return services;
    }
}
