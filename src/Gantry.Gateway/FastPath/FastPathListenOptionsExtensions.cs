using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gantry.Gateway.FastPath;

/// <summary>Puts the fast path in front of Kestrel's HTTP stack on a plain-HTTP listener.</summary>
public static class FastPathListenOptionsExtensions
{
    /// <summary>
    /// Plain HTTP/1.1 requests without a body to routes without policies are forwarded by the fast path; everything
    /// else reaches the app's pipeline (<c>UseGantryGateway</c>) as before. Not for TLS listeners: it reads raw bytes.
    /// </summary>
    public static ListenOptions UseGantryFastPath(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var forwarder = listen.ApplicationServices.GetRequiredService<FastPathForwarder>();
        var parser = new Http1RequestParser();
        listen.Use(next => async connection =>
        {
            bool handOver;
            using (var fast = new FastPathConnection(connection, forwarder, parser))
            {
                handOver = await fast.RunAsync();
            }

            if (handOver)
            {
                await next(connection);
            }
        });
        return listen;
    }
}
