using System.Net;
using System.Net.Sockets;

namespace Gantry.Testing;

/// <summary>Ports for servers that must be told their port up front: asked from the OS, so never a fixed number that might be taken.</summary>
public static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
