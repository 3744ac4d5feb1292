namespace Asphalt.Tests.Support;

/// <summary>Ports and settings for one real silo process (all ports free and on loopback).</summary>
public sealed record SiloPorts(int Http, int Metrics, int Silo, int Gateway)
{
    public static SiloPorts Allocate() => new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Http:MetricsPort"] = Metrics.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:SiloPort"] = Silo.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Starts the silo with these ports plus <paramref name="settings"/>.</summary>
    public AsphaltProcess Start(IReadOnlyDictionary<string, string?> settings) =>
        AsphaltProcess.Start("silo", "Asphalt.Silo", Settings.Concat(settings).ToDictionary(), Http);
}
