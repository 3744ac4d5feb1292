using System.Globalization;
using Asphalt.Emulators.Lavalink;

// Runs an emulator as its own process, bound to loopback:
//   dotnet run --project sandbox/emulators -- lavalink --port 2333 --password youshallnotpass
// Options may also come from LAVALINK_PORT, LAVALINK_PASSWORD, LAVALINK_PLAYER_UPDATE_MS.
if (args.Length == 0 || args[0] != "lavalink")
{
    Console.Error.WriteLine("usage: Asphalt.Emulators lavalink [--port N] [--password P] [--player-update-ms N]");
    return 2;
}

string? Option(string name, string environment)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : Environment.GetEnvironmentVariable(environment);
}

var options = new LavalinkEmulatorOptions
{
    Port = int.Parse(Option("--port", "LAVALINK_PORT") ?? "2333", CultureInfo.InvariantCulture),
    Password = Option("--password", "LAVALINK_PASSWORD") ?? "youshallnotpass",
    PlayerUpdateInterval = TimeSpan.FromMilliseconds(int.Parse(Option("--player-update-ms", "LAVALINK_PLAYER_UPDATE_MS") ?? "5000", CultureInfo.InvariantCulture)),
};
await using var emulator = await LavalinkEmulator.StartAsync(options);
Console.WriteLine($"Lavalink emulator listening on {emulator.BaseUrl} (v4; Ctrl+C to stop)");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
return 0;
