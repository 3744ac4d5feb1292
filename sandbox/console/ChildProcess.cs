using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Asphalt.Sandbox;

/// <summary>A silo or gateway started from its build output, logging to a file, stopped with SIGTERM.</summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ChildProcess(string name, Process process, StreamWriter log, int httpPort)
    {
        Name = name;
        _process = process;
        _log = log;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int HttpPort { get; }
    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string projectFolder, string assembly, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var output = Path.Combine(RepositoryRoot, projectFolder, "bin", BuildConfiguration, "net10.0");
        var dll = Path.Combine(output, assembly + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: build the solution first (dotnet build Asphalt.sln).");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = output, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        return new ChildProcess(name, process, log, int.Parse(environment["Http__Port"], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see its log.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{HttpPort}/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not healthy within {timeout.TotalSeconds:0} s; see its log.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15); // SIGTERM: a graceful stop, as an orchestrator would ask
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }

    /// <summary>
    /// A free loopback port below Linux's ephemeral range (32768+): a port the OS hands out for
    /// port 0 can be taken by an outgoing connection before the child binds it.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_768);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32768");
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
    }

    private static string RepositoryRoot { get; } = FindRoot();

    // bin/<Configuration>/net10.0/: the children run from the same configuration as the sandbox.
    private static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Asphalt.sln"))) return dir.FullName;
        throw new InvalidOperationException("Asphalt.sln not found above the sandbox's binaries.");
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
