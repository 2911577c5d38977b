using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// The fast path's connections to app instances, kept alive per destination address. Connections older than the
/// pooled lifetime or idle longer than the idle timeout are closed instead of reused, as the framework's pool does.
/// </summary>
internal sealed class UpstreamPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Upstream?> _byAddress = new(StringComparer.Ordinal);
    private readonly SocketConnectionContextFactory _sockets;
    private readonly TimeSpan _connectTimeout;
    private readonly long _lifetimeMs;
    private readonly long _idleMs;

    public UpstreamPool(IOptions<GatewayOptions> options, ILogger<UpstreamPool> logger)
    {
        var settings = options.Value;
        _connectTimeout = settings.ConnectTimeout;
        _lifetimeMs = (long)settings.PooledConnectionLifetime.TotalMilliseconds;
        _idleMs = (long)settings.PooledConnectionIdleTimeout.TotalMilliseconds;

        // Completions run inline, as on the gateway's listening side: relaying is short work that never blocks.
        _sockets = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true }, logger);
    }

    /// <summary>The pool for a destination address, or null when it is not plain http to a host and port with no path.</summary>
    public Upstream? For(string address) => _byAddress.GetOrAdd(address, Parse);

    /// <summary>An idle connection that is still good, or a new one; throws when the instance cannot be connected to.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<UpstreamConnection> RentAsync(Upstream upstream, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        while (upstream.TryTake(out var idle))
        {
            if (now - idle.IdleSinceMs < _idleMs && now - idle.CreatedMs < _lifetimeMs && !idle.IsStale())
            {
                return idle;
            }

            await idle.DisposeAsync();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_connectTimeout);
            await socket.ConnectAsync(upstream.EndPoint, timeout.Token);
            return new UpstreamConnection(_sockets.Create(socket), now);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Keeps a connection whose last exchange ended cleanly for the next request to the same address.</summary>
    public void Return(Upstream upstream, UpstreamConnection connection)
    {
        connection.IdleSinceMs = Environment.TickCount64;
        upstream.Keep(connection);
    }

    public void Dispose()
    {
        foreach (var upstream in _byAddress.Values)
        {
            while (upstream?.TryTake(out var idle) == true)
            {
                idle.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        _sockets.Dispose();
    }

    private static Upstream? Parse(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        EndPoint endPoint = IPAddress.TryParse(uri.IdnHost, out var ip) ? new IPEndPoint(ip, uri.Port) : new DnsEndPoint(uri.IdnHost, uri.Port);
        return new Upstream(endPoint);
    }
}
