namespace Gantry.Gateway.Config;

/// <summary>
/// A certificate served by SNI: the leaf then its intermediates, and the private key, both PEM. The key is a secret:
/// <see cref="ToString"/> leaves it out, and a gateway keeps it on disk only sealed.
/// </summary>
public sealed record CertificateConfig(string CertificatePem, string KeyPem)
{
    public override string ToString() => $"CertificateConfig {{ CertificatePem = {CertificatePem.Length} chars, KeyPem = (secret) }}";
}
