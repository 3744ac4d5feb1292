using System.Diagnostics;

namespace Asphalt.Gateway.Telemetry;

/// <summary>
/// The gateway's activity source (exported through the <c>Asphalt.*</c> wildcard when tracing is on).
/// One activity per interaction is the root of its trace: the grain calls (Orleans activity
/// propagation) and the REST callbacks (HttpClient instrumentation) made while handling it join it.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "Asphalt.Gateway";

    public static readonly ActivitySource Source = new(SourceName);
}
