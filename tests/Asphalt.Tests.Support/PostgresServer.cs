using System.Diagnostics;
using Npgsql;

namespace Asphalt.Tests.Support;

/// <summary>
/// A private PostgreSQL server for the test run: initdb into a temporary folder, started on a free
/// loopback port, shared by every test class of the process (each gets its own database) and stopped
/// when the process exits. A watchdog stops the server even if the test process is killed.
/// As root, the server runs as the <c>postgres</c> user (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedInstance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asRoot;
    private readonly Process _watchdog;

    private PostgresServer(string bin, string root, bool asRoot, int port, Process watchdog)
    {
        _bin = bin;
        _root = root;
        _asRoot = asRoot;
        Port = port;
        _watchdog = watchdog;
    }

    /// <summary>The server of this test process, started on first use.</summary>
    public static PostgresServer Shared => SharedInstance.Value;

    public int Port { get; }

    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Timeout=15;Command Timeout=30";

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string hint)
    {
        var safeHint = new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}_{safeHint}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static PostgresServer Start()
    {
        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), $"asphalt-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", $"postgres {root}");

        RunAsServerUser(asRoot, Path.Combine(bin, "initdb"), $"-D {data} -A trust -U postgres -E UTF8 --no-sync --no-instructions");

        var port = FreePort.Next();
        // Durability settings are off: this server lives for one test run.
        var postgres = $"{Path.Combine(bin, "postgres")} -D {data} -p {port} -k {root} -c listen_addresses=127.0.0.1 " +
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB";
        // The watchdog stops the server (fast shutdown) and removes its folder when this test process is gone.
        var script = Watchdog.Script(postgres, cleanup: $"rm -rf {root}");
        var watchdog = StartAsServerUser(asRoot, "/bin/sh", script, Path.Combine(root, "server.log"));
        var server = new PostgresServer(bin, root, asRoot, port, watchdog);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        server.WaitUntilReady();
        return server;
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(AdminConnectionString);
                connection.Open();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !_watchdog.HasExited)
            {
                Thread.Sleep(200);
            }
            catch (Exception e)
            {
                var log = Path.Combine(_root, "server.log");
                throw new InvalidOperationException(
                    $"The test PostgreSQL server on port {Port} did not start. Its log:\n{(File.Exists(log) ? File.ReadAllText(log) : "(none)")}", e);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            if (!_watchdog.HasExited)
            {
                // A fast shutdown through pg_ctl; the watchdog then sees the server gone and exits.
                RunAsServerUser(_asRoot, Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_root, "data")} -m fast -w -t 20 stop");
                if (!_watchdog.WaitForExit(10_000)) _watchdog.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindBinaries()
    {
        IEnumerable<string> candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. " +
                "Install the Debian package 'postgresql' (apt-get install -y postgresql) to run the PostgreSQL tests.");
    }

    private static void RunAsServerUser(bool asRoot, string file, string arguments)
    {
        if (asRoot) Run("runuser", $"-u postgres -- {file} {arguments}");
        else Run(file, arguments);
    }

    private static Process StartAsServerUser(bool asRoot, string shell, string script, string log)
    {
        var info = asRoot
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "postgres", "--", shell, "-c", $"exec >>{log} 2>&1; {script}" } }
            : new ProcessStartInfo(shell) { ArgumentList = { "-c", $"exec >>{log} 2>&1; {script}" } };
        info.UseShellExecute = false;
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {shell}");
    }

    private static void Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}
