using System.Diagnostics;

namespace Asphalt.Tests.Support;

/// <summary>Debian's <c>prometheus</c> package: promtool and the server itself.</summary>
public static class PrometheusTools
{
    public static string Promtool => Find("promtool");
    public static string Server => Find("prometheus");

    /// <summary>Runs a command to completion; returns exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"'{name}' was not found on PATH: install the Debian package 'prometheus' (apt-get install -y prometheus).");
}
