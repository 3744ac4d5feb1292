using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Asphalt.Tests.Support;

/// <summary>
/// A real Asphalt process (silo, gateway …) started from its build output with the given settings
/// as environment variables. Keeps every output line for assertions, stops by SIGTERM (as an
/// orchestrator would) and is killed by PID when disposed if it is still running.
/// </summary>
public sealed partial class AsphaltProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private AsphaltProcess(string name, Process process, int httpPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public int HttpPort { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output => string.Join('\n', _lines);
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>Starts <c>{projectFolder}/bin/…/{assembly}.dll</c> with <paramref name="settings"/> (keys like <c>Storage:Provider</c>).</summary>
    public static AsphaltProcess Start(string projectFolder, string assembly, IReadOnlyDictionary<string, string?> settings, int httpPort, params string[] arguments)
    {
        var output = RepositoryPaths.Output(projectFolder);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(output, assembly + ".dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Http__Port"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {assembly}");
        return new AsphaltProcess(assembly, process, httpPort);
    }

    /// <summary>Waits until GET /health answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was healthy. Output:\n{Output}");
            try
            {
                using var response = await _http.GetAsync(new Uri(BaseAddress, "/health"));
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) { last = "timeout"; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not healthy in time (last: {last}). Output:\n{Output}");
    }

    /// <summary>Waits until an output line contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var line = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null) return line;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} never logged '{text}'. Output:\n{Output}");
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill(SIGTERM) of {Name} failed: errno {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(45));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await KillAsync(); } catch (InvalidOperationException) { }
        _process.Dispose();
        _http.Dispose();
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
