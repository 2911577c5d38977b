using System.Net;
using System.Net.Sockets;

namespace Gantry.ControlPlane.Hosting;

/// <summary>Ports on 127.0.0.1 that Gantry chooses once and keeps (platform servers, service-port forwarders).</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port of <paramref name="first"/>–<paramref name="last"/> not in <paramref name="taken"/> and free to bind,
    /// looked for from a random place in the range: Gantrys on one machine (tests run several) that choose at once
    /// would otherwise all take the first free port, as none has bound it yet. Null when there is none.
    /// </summary>
    public static int? FindFree(int first, int last, IReadOnlySet<int> taken)
    {
        var count = last - first + 1;
        var start = Random.Shared.Next(count);
        for (var i = 0; i < count; i++)
        {
            var port = first + ((start + i) % count);
            if (!taken.Contains(port) && IsFree(port))
            {
                return port;
            }
        }

        return null;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false; // something else listens there
        }
    }
}
