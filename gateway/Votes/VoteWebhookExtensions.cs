using System.Net;
using Asphalt.Gateway.Commands;
using Asphalt.Gateway.Commands.Votes;
using Asphalt.Hosting.Logging;
using Asphalt.Hosting.Web;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Votes;

public static class VoteWebhookExtensions
{
    /// <summary>The shipped sources (top.gg legacy and v1, discordbotlist.com, discords.com), without secrets.</summary>
    public const string SourcesFile = "votesources.json";

    /// <summary>
    /// The vote dispatcher: votesources.json (under appsettings, so the environment and secrets override
    /// it), section <c>Votes</c> validated at start, its own Kestrel listener on <c>Votes:Port</c>, the
    /// metrics, the thank-you DMs and /vote. Secrets are registered with the log redactor.
    /// </summary>
    public static WebApplicationBuilder AddVoteWebhooks(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var afterAppSettings = sources.Select((s, i) => (s, i))
            .LastOrDefault(x => x.s is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)).i + 1;
        var file = new JsonConfigurationSource { Path = SourcesFile, Optional = true, ReloadOnChange = false, FileProvider = builder.Environment.ContentRootFileProvider };
        sources.Insert(Math.Min(afterAppSettings, sources.Count), file);

        var options = new VoteWebhookOptions();
        builder.Configuration.GetSection(VoteWebhookOptions.Section).Bind(options);
        foreach (var source in options.Sources.Values) SecretRedactor.Register(source.Secret);
        if (options.Port > 0)
        {
            var http = new HttpEndpointOptions();
            builder.Configuration.GetSection(HttpEndpointOptions.Section).Bind(http);
            var address = IPAddress.Parse(options.BindAddress is { Length: > 0 } a ? a : http.BindAddress);
            builder.WebHost.ConfigureKestrel(k => k.Listen(address, options.Port));
        }

        var services = builder.Services;
        services.AddOptions<VoteWebhookOptions>().Bind(builder.Configuration.GetSection(VoteWebhookOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VoteWebhookOptions>, VoteWebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new VoteMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<VoteThanks>();
        services.AddSlashCommand<VoteCommand>();
        return builder;
    }

    /// <summary>Maps POST /webhooks/votes/{source} on the votes port only (nothing when <c>Votes:Port</c> is 0).</summary>
    public static WebApplication MapVoteWebhooks(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<VoteWebhookOptions>>().Value;
        var metrics = app.Services.GetRequiredService<VoteMetrics>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VoteWebhookExtensions));
        var active = options.ActiveSources.Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        metrics.SourcesConfigured(active);
        if (options.Port == 0)
        {
            logger.LogInformation("Vote webhooks are off (Votes:Port is not set)");
            return app;
        }
        var inactive = options.Sources.Keys.Except(active, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        logger.LogInformation("Vote webhooks on port {Port}: {Active} active{Inactive}", options.Port, string.Join(", ", active),
            inactive.Count == 0 ? "" : $"; without a secret (answering 404): {string.Join(", ", inactive)}");
        if (options.Testing.KillAfterRecorded)
            logger.LogCritical("Votes:Testing:KillAfterRecorded is set: this gateway kills itself after every recorded vote (test-only fault)");
        app.MapPost("/webhooks/votes/{source}", VoteWebhookEndpoint.HandleAsync).RequireHost($"*:{options.Port}");
        return app;
    }

    private sealed class VoteWebhookOptionsValidator : IValidateOptions<VoteWebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, VoteWebhookOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(problems.Select(p => $"Invalid vote configuration: {p}"));
        }
    }
}
