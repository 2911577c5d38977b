using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Gantry.Gateway.Host;

/// <summary>
/// The listening sockets of this process, by the endpoint Kestrel was told to listen on, so a restart can hand
/// their descriptors to a successor. The descriptors are this class's: Kestrel gets a copy that does not own its
/// descriptor, because an owning socket that is disposed with an accept pending is closed with SO_LINGER 0, and that
/// option is the shared socket's: every connection the successor accepts afterwards would be reset when it closes.
/// </summary>
internal sealed class ListenerSockets : IDisposable
{
    private readonly ConcurrentDictionary<EndPoint, Socket> _sockets = new(ReferenceEqualityComparer.Instance);

    /// <summary>For <c>SocketTransportOptions.CreateBoundListenSocket</c>.</summary>
    public Socket CreateBound(EndPoint endpoint)
    {
        if (endpoint is FileHandleEndPoint inherited)
        {
            // Inherited without close-on-exec; set it again so no other program this one starts ever gets it.
            Descriptors.SetCloseOnExec((int)inherited.FileHandle, closeOnExec: true);
        }

        // An inherited descriptor comes back as a socket that does not own it either.
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        _sockets[endpoint] = socket;
        return new Socket(new SafeSocketHandle(socket.Handle, ownsHandle: false));
    }

    /// <summary>The endpoint to give Kestrel: the inherited descriptor when there is one, else a new one to bind.</summary>
    public static EndPoint Endpoint(IPEndPoint configured, int? inheritedFd)
    {
        // A fresh object: sockets are found by reference, and two listeners may be configured alike (port 0).
        return inheritedFd is { } fd ? new FileHandleEndPoint((ulong)fd, FileHandleType.Tcp) : new IPEndPoint(configured.Address, configured.Port);
    }

    public int Descriptor(EndPoint endpoint) => (int)_sockets[endpoint].Handle;

    public IPEndPoint Bound(EndPoint endpoint) => (IPEndPoint)_sockets[endpoint].LocalEndPoint!;

    public void Dispose()
    {
        // A plain close(): no other socket option is touched, so a successor's copy is left as it was.
        foreach (var socket in _sockets.Values)
        {
            socket.Dispose();
        }
    }
}
