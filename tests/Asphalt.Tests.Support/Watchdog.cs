namespace Asphalt.Tests.Support;

/// <summary>
/// Servers that tests start (PostgreSQL, Prometheus …) must stop by themselves even when the test
/// process is killed: each runs under a small shell that ends it once the test process is gone.
/// </summary>
public static class Watchdog
{
    /// <summary>
    /// A /bin/sh script that runs <paramref name="command"/> in the background, sends it SIGINT when
    /// this test process has exited (checked through /proc, which works across users), then runs
    /// <paramref name="cleanup"/>.
    /// </summary>
    public static string Script(string command, string cleanup = "true") =>
        $"{command} & child=$!; " +
        $"while [ -d /proc/{Environment.ProcessId} ] && kill -0 $child 2>/dev/null; do sleep 1; done; " +
        $"kill -INT $child 2>/dev/null; wait $child; {cleanup}";
}
