namespace Asphalt.Hosting.Web;

/// <summary>Section <c>Http</c>: where the process serves /health (and its own endpoints) and /metrics.</summary>
public sealed class HttpEndpointOptions
{
    public const string Section = "Http";

    /// <summary>Loopback by default; set 0.0.0.0 (or an interface address) on a cluster.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>/health and the process's own endpoints. 0 picks a free port (tests).</summary>
    public int Port { get; set; }

    /// <summary>/metrics only, kept apart so that it can stay on a private network.</summary>
    public int MetricsPort { get; set; }
}
