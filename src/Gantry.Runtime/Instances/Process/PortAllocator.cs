using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Free ports on 127.0.0.1 for instances to listen on.</summary>
internal static class PortAllocator
{
    // The kernel may hand the same free port out again before the first instance has bound it: remember ours for a while.
    private static readonly TimeSpan Quarantine = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<int, DateTimeOffset> Recent = new();

    /// <summary>One distinct free port per container port.</summary>
    public static Dictionary<int, int> Allocate(IEnumerable<int> containerPorts)
    {
        var result = new Dictionary<int, int>();
        var listeners = new List<TcpListener>();
        try
        {
            foreach (var containerPort in containerPorts)
            {
                if (!result.ContainsKey(containerPort))
                {
                    result[containerPort] = Reserve(listeners);
                }
            }
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }

        return result;
    }

    private static int Reserve(List<TcpListener> listeners)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (port, at) in Recent)
        {
            if (now - at > Quarantine)
            {
                Recent.TryRemove(port, out _);
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            listeners.Add(listener);
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (Recent.TryAdd(port, now) || attempt >= 20)
            {
                Recent[port] = now;
                return port;
            }
        }
    }
}
