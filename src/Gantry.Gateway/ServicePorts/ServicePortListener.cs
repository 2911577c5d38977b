using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gantry.Gateway.Observability;

namespace Gantry.Gateway.ServicePorts;

/// <summary>
/// A stable address on 127.0.0.1 for one service port of a workload whose instances come and go on ports of their
/// own (the process runtime), as a Kubernetes Service gives: each connection is piped to a ready instance, in turn.
/// An instance that refuses is skipped for the next; with none ready the connection is closed at once, as a Service
/// without endpoints refuses.
/// </summary>
public sealed class ServicePortListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ILogger _logger;

    // A client retrying against a workload with no ready instance would otherwise write a line per attempt.
    private readonly LogThrottle<string> _log = new(TimeSpan.FromSeconds(30));
    private readonly Task _accepting;
    private IPEndPoint[] _endpoints = [];
    private int _next;

    private ServicePortListener(Socket socket, string name, ILogger logger)
    {
        _socket = socket;
        Name = name;
        _logger = logger;
        _accepting = AcceptAsync();
    }

    /// <summary>What the listener stands for (<c>APP/WORKLOAD/PORT</c>), for logs.</summary>
    public string Name { get; }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/>; throws <see cref="SocketException"/> when it is taken.</summary>
    public static ServicePortListener Start(int port, string name, ILogger logger)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ServicePortListener(socket, name, logger);
    }

    /// <summary>The ready instances' addresses; replaces the previous set (connections already piped stay).</summary>
    public void SetEndpoints(IEnumerable<IPEndPoint> endpoints) => Volatile.Write(ref _endpoints, [.. endpoints]);

    public IReadOnlyList<IPEndPoint> Endpoints => Volatile.Read(ref _endpoints);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        foreach (var open in _open.Keys)
        {
            open.Dispose();
        }

        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue; // one failed accept (the client gave up in the backlog) stops nothing
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        client.NoDelay = true;
        _open.TryAdd(client, 0);
        Socket? backend = null;
        try
        {
            backend = await ConnectAsync();
            if (backend is null)
            {
                return;
            }

            _open.TryAdd(backend, 0);
            await Task.WhenAll(CopyAsync(client, backend), CopyAsync(backend, client));
        }
        finally
        {
            _open.TryRemove(client, out _);
            client.Dispose();
            if (backend is not null)
            {
                _open.TryRemove(backend, out _);
                backend.Dispose();
            }
        }
    }

    private async Task<Socket?> ConnectAsync()
    {
        var endpoints = Endpoints;
        for (var attempt = 0; attempt < endpoints.Count; attempt++)
        {
            var endpoint = endpoints[(int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count)];
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(endpoint, timeout.Token);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (_log.ShouldLog(endpoint.ToString(), out var suppressed))
                {
                    ServicePortLog.ConnectFailed(_logger, Name, endpoint.ToString(), ex.Message, suppressed);
                }
            }
        }

        if (endpoints.Count == 0 && _log.ShouldLog("", out var held))
        {
            ServicePortLog.NoInstance(_logger, Name, held);
        }

        return null;
    }

    /// <summary>Copies one direction until its sender finishes, then passes the finish on (a half-close, as TCP allows).</summary>
    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away: close both, so the other side learns at once rather than waiting.
            from.Dispose();
            to.Dispose();
        }
    }
}
