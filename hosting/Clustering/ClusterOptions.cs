namespace Asphalt.Hosting.Clustering;

/// <summary>Section <c>Orleans</c>: which cluster to join and on which ports.</summary>
public sealed class AsphaltClusterOptions
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "asphalt";
    public string ServiceId { get; set; } = "asphalt";

    /// <summary>Silo-to-silo port (Orleans' default).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port that clients (gateways) connect to (Orleans' default).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at; loopback unless set (the embedded profile never needs it).</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// Embedded profile only: the gateway ports of the local silos a client may use. Defaults to
    /// <see cref="GatewayPort"/>; list more to run several silos on one machine.
    /// </summary>
    public int[] LocalGatewayPorts { get; set; } = [];

    public static AsphaltClusterOptions From(IConfiguration configuration)
    {
        var options = new AsphaltClusterOptions();
        configuration.GetSection(Section).Bind(options);
        return options;
    }
}
