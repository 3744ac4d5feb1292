using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Asphalt.Gateway.Commands;

public static class CommandServiceCollectionExtensions
{
    /// <summary>The command framework: dispatcher and registration at start. Add commands with <see cref="AddSlashCommand{T}"/>.</summary>
    public static IServiceCollection AddSlashCommands(this IServiceCollection services)
    {
        services.TryAddSingleton<SlashCommandDispatcher>();
        services.TryAddSingleton<CommandRegistrar>();
        services.AddHostedService(sp => sp.GetRequiredService<CommandRegistrar>());
        return services;
    }

    public static IServiceCollection AddSlashCommand<T>(this IServiceCollection services) where T : class, ISlashCommand
    {
        services.AddSingleton<ISlashCommand, T>();
        return services;
    }
}
