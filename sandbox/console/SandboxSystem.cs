using System.Security.Cryptography;
using Asphalt.Emulators.Discord;
using Asphalt.Emulators.Discord.Models;

namespace Asphalt.Sandbox;

/// <summary>The running system: optionally the Discord emulator, and the silo and gateway processes.</summary>
public sealed class SandboxSystem : IAsyncDisposable
{
    private readonly List<ChildProcess> _children = [];

    public DiscordEmulator? Emulator { get; private set; }

    public static async Task<SandboxSystem> StartAsync(bool useEmulator, TextWriter output, CancellationToken cancellationToken)
    {
        var system = new SandboxSystem();
        try
        {
            var data = Path.GetFullPath("data");
            Directory.CreateDirectory(data);
            var gatewayPort = ChildProcess.FreePort();
            var silo = new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = $"Data Source={Path.Combine(data, "asphalt.db")}",
                ["Http__Port"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Http__MetricsPort"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__SiloPort"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var gateway = new Dictionary<string, string>
            {
                ["Storage__ConnectionString"] = silo["Storage__ConnectionString"],
                ["Orleans__GatewayPort"] = silo["Orleans__GatewayPort"],
                ["Http__Port"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Http__MetricsPort"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (useEmulator)
            {
                // A fresh random token: the emulator only accepts the one it was started with.
                var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                system.Emulator = await DiscordEmulator.StartAsync(new DiscordEmulatorOptions
                {
                    BotToken = token,
                    Guilds = GuildGenerator.Generate(3),
                });
                gateway["Discord__Token"] = token;
                gateway["Discord__ApiBaseUrl"] = system.Emulator.ApiBaseUrl;
                output.WriteLine($"Discord emulator on {system.Emulator.BaseUrl}");
            }

            output.WriteLine($"Starting the silo (embedded default, {Path.Combine(data, "asphalt.db")}); log: data/silo.log");
            var siloProcess = ChildProcess.Start("silo", "silo", "Asphalt.Silo", silo, Path.Combine(data, "silo.log"));
            system._children.Add(siloProcess);
            await siloProcess.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"Silo healthy: http://127.0.0.1:{siloProcess.HttpPort}/health");

            output.WriteLine("Starting the gateway; log: data/gateway.log");
            var gatewayProcess = ChildProcess.Start("gateway", "gateway", "Asphalt.Gateway", gateway, Path.Combine(data, "gateway.log"));
            system._children.Add(gatewayProcess);
            await gatewayProcess.WaitHealthyAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"Gateway healthy: http://127.0.0.1:{gatewayProcess.HttpPort}/health");
            if (system.Emulator is { } emulator)
            {
                for (var shard = 0; shard < emulator.RecommendedShards; shard++)
                    await emulator.WaitForConnectionAsync(shard, TimeSpan.FromSeconds(60));
                // The gateway registers its slash commands after the first READY.
                await emulator.Log.CommandRegistrations.WaitForAsync(_ => true, TimeSpan.FromSeconds(60));
            }
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateway first, then the silo: the gateway saves its shard sessions through the silo.
        for (var i = _children.Count - 1; i >= 0; i--) await _children[i].DisposeAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
    }
}
