namespace Gantry.ControlPlane.Store;

/// <summary>A certificate the gateway serves: the chain in PEM, the private key encrypted (data protection), never in clear.</summary>
public sealed class CertificateRecord
{
    public long Id { get; set; }

    /// <summary>Comma-separated DNS names the certificate covers.</summary>
    public required string Hosts { get; set; }

    /// <summary><c>local-ca</c>, <c>upload</c> or <c>acme</c>.</summary>
    public required string Source { get; set; }

    public required string ChainPem { get; set; }

    public required string ProtectedKey { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
