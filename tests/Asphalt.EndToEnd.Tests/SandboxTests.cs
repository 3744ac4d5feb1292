using System.Diagnostics;
using Asphalt.Tests.Support;

namespace Asphalt.EndToEnd.Tests;

/// <summary>The README's "run" command without a token: a person types /ping and reads the reply.</summary>
public sealed class SandboxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("asphalt-sandbox-").FullName;

    [Fact]
    public async Task Typing_ping_in_the_sandbox_console_shows_the_bots_reply()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryPaths.Output(Path.Combine("sandbox", "console")), "Asphalt.Sandbox.dll"));
        foreach (var key in new[] { "Discord__Token", "Discord__TokenFile", "Discord__TokenUrl" }) info.Environment.Remove(key);
        using var sandbox = Process.Start(info)!;
        var stderr = sandbox.StandardError.ReadToEndAsync();

        await sandbox.StandardInput.WriteLineAsync("/ping");
        await sandbox.StandardInput.WriteLineAsync("/nosuchcommand");
        await sandbox.StandardInput.WriteLineAsync(":quit");
        var output = await sandbox.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(3));
        await sandbox.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(sandbox.ExitCode == 0, $"exit {sandbox.ExitCode}\n{output}\n{await stderr}");
        Assert.Contains("Pong!", output);
        Assert.Contains("the bot has not registered /nosuchcommand", output);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "asphalt.db")), "the silo ran on the embedded default in ./data");
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
