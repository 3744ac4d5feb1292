using System.Net;
using System.Text.Json;
using Asphalt.Hosting.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Asphalt.Hosting.Web;

/// <summary>What every Asphalt process has: JSON logs with secrets redacted, /health, /metrics, graceful stop.</summary>
public static class AsphaltWebHost
{
    /// <summary>Meters every process exports besides its own.</summary>
    private static readonly string[] CommonMeters = ["Microsoft.Orleans", "Asphalt.*"];

    private static readonly string[] CommonActivitySources = ["Microsoft.Orleans.Application", "Asphalt.*"];

    public static WebApplicationBuilder AddAsphaltHosting(this WebApplicationBuilder builder, string serviceName, int defaultPort, int defaultMetricsPort)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = RedactingJsonFormatter.FormatterName);
        builder.Logging.AddConsoleFormatter<RedactingJsonFormatter, ConsoleFormatterOptions>();

        var http = new HttpEndpointOptions { Port = defaultPort, MetricsPort = defaultMetricsPort };
        builder.Configuration.GetSection(HttpEndpointOptions.Section).Bind(http);
        var address = IPAddress.Parse(http.BindAddress);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, http.Port);
            if (http.MetricsPort != http.Port) k.Listen(address, http.MetricsPort);
        });
        builder.Services.AddSingleton(http);

        // Orleans stops gracefully inside this window (deactivations, membership update).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddHealthChecks();
        var otlpEndpoint = builder.Configuration["Telemetry:OtlpEndpoint"];
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: typeof(AsphaltWebHost).Assembly.GetName().Version?.ToString()))
            .WithMetrics(m => m
                .AddMeter(CommonMeters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        // Traces are exported only when an OTLP collector is configured (off by default).
        if (!string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            telemetry.WithTracing(t => t
                .AddSource(CommonActivitySources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlpEndpoint)));
        }
        return builder;
    }

    /// <summary>Maps /health (200 healthy, 503 otherwise, with each check's status) and /metrics on its own port.</summary>
    public static WebApplication MapAsphaltEndpoints(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<HttpEndpointOptions>();
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteHealthAsync,
        });
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (http.MetricsPort != http.Port) metrics.RequireHost($"*:{http.MetricsPort}");
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
