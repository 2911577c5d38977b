using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gantry.Gateway.Tls;

/// <summary>Turns a Kestrel endpoint into the gateway's HTTPS listener: the certificate is picked per handshake by SNI.</summary>
public static class GatewayTlsListener
{
    /// <param name="passthrough">Hosts whose connections go to the app still encrypted (checked before TLS termination).</param>
    public static ListenOptions UseGantryTls(this ListenOptions listen, CertificateStore certificates, TlsPassthroughTable? passthrough = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(certificates);
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        if (passthrough is not null)
        {
            var logger = listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayTlsListener));
            listen.Use(next => new TlsPassthroughMiddleware(next, passthrough, logger).OnConnectionAsync);
        }

        return listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            OnConnection = context =>
            {
                // No certificate for the name: fail the handshake instead of serving another site's certificate.
                var options = certificates.OptionsFor(context.ClientHelloInfo.ServerName)
                    ?? throw new InvalidOperationException($"no certificate for '{context.ClientHelloInfo.ServerName}'");
                return ValueTask.FromResult(options);
            },
        });
    }
}
