using System.Net.Sockets;

namespace Gantry.Testing;

/// <summary>Whether a server a test started takes connections yet.</summary>
public static class LoopbackPort
{
    public static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
