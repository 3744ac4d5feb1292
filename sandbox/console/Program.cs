using Asphalt.Sandbox;

// Without a Discord token: the emulator, a silo and a gateway wired to it, and a console.
// With one (Discord__Token, Discord__TokenFile or Discord__TokenUrl): the same silo and gateway on real Discord.
var liveToken = new[] { "Discord__Token", "Discord__TokenFile", "Discord__TokenUrl" }
    .Any(k => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(k)));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

await using var system = await SandboxSystem.StartAsync(useEmulator: !liveToken, Console.Out, stop.Token);
if (system.Emulator is null)
{
    Console.WriteLine("Connected to Discord. Ctrl+C stops the silo and the gateway.");
    try { await Task.Delay(Timeout.Infinite, stop.Token); } catch (OperationCanceledException) { }
    return 0;
}

await new SandboxConsole(system.Emulator, Console.In, Console.Out).RunAsync(stop.Token);
return 0;
