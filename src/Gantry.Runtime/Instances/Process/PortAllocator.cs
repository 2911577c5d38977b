using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// Free ports on 127.0.0.1 for instances to listen on, from 10000–19999: below the kernel's ephemeral range (32768 and
/// up on Linux), where the gateway's own outgoing connections get their ports, so none of those can take an
/// instance's port between choosing it and the instance binding it.
/// </summary>
internal static class PortAllocator
{
    private const int First = 10000;
    private const int Last = 19999;

    // A port handed out is not handed out again for a while: its instance may not have bound it yet.
    private static readonly TimeSpan Quarantine = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<int, DateTimeOffset> Recent = new();

    /// <summary>One distinct free port per container port.</summary>
    public static Dictionary<int, int> Allocate(IEnumerable<int> containerPorts)
    {
        var result = new Dictionary<int, int>();
        foreach (var containerPort in containerPorts)
        {
            if (!result.ContainsKey(containerPort))
            {
                result[containerPort] = Reserve();
            }
        }

        return result;
    }

    private static int Reserve()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (port, at) in Recent)
        {
            if (now - at > Quarantine)
            {
                Recent.TryRemove(port, out _);
            }
        }

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (Recent.TryAdd(port, now))
            {
                if (IsFree(port))
                {
                    return port;
                }

                Recent.TryRemove(port, out _);
            }
        }

        throw new IOException($"no free port between {First} and {Last} on 127.0.0.1 for the instance");
    }

    /// <summary>Nothing listens on the port now (a running instance, or another program, would).</summary>
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
            return false;
        }
    }
}
