using Asphalt.Grains.Economy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Asphalt.Silo.Economy;

public static class EconomyServices
{
    /// <summary>
    /// Section <c>Economy</c> bound to <see cref="EconomyOptions"/> and validated at start; the
    /// production random source and clock (tests register their own after this).
    /// </summary>
    public static IServiceCollection AddAsphaltEconomy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EconomyOptions>()
            .Bind(configuration.GetSection(EconomyOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EconomyOptions>, EconomyOptionsValidator>());
        services.TryAddSingleton<IEconomyRandom, SecureEconomyRandom>();
        services.TryAddKeyedSingleton(EconomyServiceKeys.Clock, TimeProvider.System);
        return services;
    }

    private sealed class EconomyOptionsValidator : IValidateOptions<EconomyOptions>
    {
        public ValidateOptionsResult Validate(string? name, EconomyOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(problems.Select(p => $"Invalid economy configuration: {p}"));
        }
    }
}
