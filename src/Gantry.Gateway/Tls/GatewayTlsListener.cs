using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gantry.Gateway.Tls;

/// <summary>Turns a Kestrel endpoint into the gateway's HTTPS listener: the certificate is picked per handshake by SNI.</summary>
public static class GatewayTlsListener
{
    public static ListenOptions UseGantryTls(this ListenOptions listen, CertificateStore certificates)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(certificates);
        listen.Protocols = HttpProtocols.Http1AndHttp2;
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
