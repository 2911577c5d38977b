using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Gateway.Tls;

/// <summary>A certificate with its private key and intermediates, ready to hand to a TLS handshake.</summary>
public sealed class ServedCertificate
{
    public ServedCertificate(X509Certificate2 leaf, X509Certificate2Collection? intermediates = null)
    {
        if (!leaf.HasPrivateKey)
        {
            throw new ArgumentException($"The certificate for {leaf.Subject} has no private key.", nameof(leaf));
        }

        Leaf = leaf;
        Intermediates = intermediates ?? [];

        // Built once: the context holds the chain, so every handshake sends the intermediates without rebuilding it.
        ServerOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, Intermediates, offline: true),
        };
    }

    public X509Certificate2 Leaf { get; }

    public X509Certificate2Collection Intermediates { get; }

    internal SslServerAuthenticationOptions ServerOptions { get; }
}
