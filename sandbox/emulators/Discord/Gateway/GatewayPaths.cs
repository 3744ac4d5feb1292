namespace Asphalt.Emulators.Discord.Gateway;

/// <summary>Where the gateway listens. The resume URL has its own path so that tests can see it was used.</summary>
public static class GatewayPaths
{
    public const string Gateway = "/gateway";
    public const string ResumeGateway = "/gateway-resume";
}
