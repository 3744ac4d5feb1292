using System.Net;
using System.Net.Sockets;

namespace Asphalt.Tests.Support;

/// <summary>
/// Loopback ports for servers the tests start. Asking the OS for port 0 and releasing it is racy:
/// that port lies in the ephemeral range, where every outgoing connection of the machine takes its
/// local port, so it can be gone before the child process binds it. Ports here come from below the
/// ephemeral range instead, and each is reserved across all test processes of the machine by a
/// lock file held until this process exits.
/// </summary>
public static class FreePort
{
    private const int LowestPort = 20_000;
    private static readonly string LockFolder = Path.Combine(Path.GetTempPath(), "asphalt-test-ports");
    private static readonly List<FileStream> Reservations = [];
    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int Next()
    {
        Directory.CreateDirectory(LockFolder);
        lock (Reservations)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, EphemeralStart);
                if (TryReserve(port) is not { } reservation) continue;
                if (IsBindable(port))
                {
                    Reservations.Add(reservation);
                    return port;
                }
                reservation.Dispose();
            }
        }
        throw new InvalidOperationException($"no free loopback port between {LowestPort} and {EphemeralStart}");
    }

    private static FileStream? TryReserve(int port)
    {
        try
        {
            // FileShare.None takes an exclusive lock that other test processes see; it goes with this process.
            return new FileStream(Path.Combine(LockFolder, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsBindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768; // Linux's default start of the ephemeral range
        }
    }
}
