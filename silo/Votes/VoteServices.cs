using Asphalt.Grains.Votes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Asphalt.Silo.Votes;

public static class VoteServices
{
    /// <summary>Section <c>Votes:Rewards</c> bound to <see cref="VoteRewardOptions"/> and validated at start.</summary>
    public static IServiceCollection AddAsphaltVotes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VoteRewardOptions>()
            .Bind(configuration.GetSection(VoteRewardOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VoteRewardOptions>, VoteRewardOptionsValidator>());
        return services;
    }

    private sealed class VoteRewardOptionsValidator : IValidateOptions<VoteRewardOptions>
    {
        public ValidateOptionsResult Validate(string? name, VoteRewardOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(problems.Select(p => $"Invalid vote configuration: {p}"));
        }
    }
}
