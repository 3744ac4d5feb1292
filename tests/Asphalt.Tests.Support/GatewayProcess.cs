namespace Asphalt.Tests.Support;

/// <summary>Ports and settings for one real gateway process, joined to a silo's cluster.</summary>
public sealed record GatewayPorts(int Http, int Metrics)
{
    public static GatewayPorts Allocate() => new(FreePort.Next(), FreePort.Next());

    /// <summary>
    /// Starts the gateway against <paramref name="silo"/>'s cluster and the Discord API at
    /// <paramref name="apiBaseUrl"/> with <paramref name="token"/>, plus any further settings.
    /// </summary>
    public AsphaltProcess Start(SiloPorts silo, string apiBaseUrl, string token, IReadOnlyDictionary<string, string?> settings) =>
        AsphaltProcess.Start("gateway", "Asphalt.Gateway", new Dictionary<string, string?>(settings)
        {
            ["Http:MetricsPort"] = Metrics.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = silo.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Discord:ApiBaseUrl"] = apiBaseUrl,
            ["Discord:Token"] = token,
        }, Http);
}
