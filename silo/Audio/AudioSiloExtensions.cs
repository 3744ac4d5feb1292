using Asphalt.Grains.Audio;
using Asphalt.Grains.Ports;
using Asphalt.Silo.Audio.Lavalink;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Asphalt.Silo.Audio;

/// <summary>Adds the music player's silo side: options (section <c>Audio</c>, validated at start) and the Lavalink client.</summary>
public static class AudioSiloExtensions
{
    public static ISiloBuilder AddAsphaltAudio(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<AudioOptions>()
            .Bind(configuration.GetSection(AudioOptions.Section))
            .ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<AudioOptions>, AudioOptionsValidator>();
        silo.Services.TryAddKeyedSingleton(AudioOptions.ClockKey, TimeProvider.System);
        silo.Services.AddSingleton<LavalinkNodes>();
        silo.Services.AddSingleton<IAudioNodeClient>(sp => sp.GetRequiredService<LavalinkNodes>());
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LavalinkNodes>());
        silo.Services.AddSingleton<AudioMetrics>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<AudioMetrics>());
        return silo;
    }
}

/// <summary>Says what to fix in <c>Audio</c> before the silo starts.</summary>
public sealed class AudioOptionsValidator : IValidateOptions<AudioOptions>
{
    public ValidateOptionsResult Validate(string? name, AudioOptions options)
    {
        var errors = new List<string>();
        if (options.Nodes.Count > 0 && options.BotUserId <= 0)
            errors.Add("Audio:BotUserId must be the bot's user id (Lavalink's User-Id header) when Audio:Nodes are configured.");
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var node = options.Nodes[i];
            var at = $"Audio:Nodes:{i}";
            if (string.IsNullOrWhiteSpace(node.Name)) errors.Add($"{at}:Name is required.");
            if (!Uri.TryCreate(node.Uri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{at}:Uri must be an absolute http(s) URI such as http://lavalink:2333 (got '{node.Uri}').");
            if (string.IsNullOrEmpty(node.Password)) errors.Add($"{at}:Password is required (Lavalink's lavalink.server.password).");
            if (string.IsNullOrWhiteSpace(node.Region)) errors.Add($"{at}:Region is required (e.g. us-east), used to place players near their voice server.");
        }
        foreach (var duplicate in options.Nodes.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"Audio:Nodes has two nodes named '{duplicate.Key}'; names identify nodes and must be unique.");
        if (options.ResumeTimeout < TimeSpan.FromSeconds(1)) errors.Add("Audio:ResumeTimeout must be at least 1 second.");
        if (options.ResumeGrace <= TimeSpan.Zero) errors.Add("Audio:ResumeGrace must be positive.");
        if (options.StatsTimeout <= TimeSpan.Zero) errors.Add("Audio:StatsTimeout must be positive.");
        if (options.HealthCheckInterval <= TimeSpan.Zero) errors.Add("Audio:HealthCheckInterval must be positive.");
        if (options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
            errors.Add("Audio:ReconnectDelay must be positive and Audio:MaxReconnectDelay at least as long.");
        if (options.Player.CheckInterval <= TimeSpan.Zero) errors.Add("Audio:Player:CheckInterval must be positive.");
        if (options.Player.MaxQueueLength < 1) errors.Add("Audio:Player:MaxQueueLength must be at least 1.");
        if (options.Player.HistoryLength < 0) errors.Add("Audio:Player:HistoryLength must not be negative.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
