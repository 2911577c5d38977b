namespace Gantry.Gateway.Tls.Acme;

/// <summary>An issued certificate: the chain as the CA sent it (PEM, leaf first) and the private key made for it (PKCS#8 PEM).</summary>
public sealed record AcmeCertificate(string ChainPem, string KeyPem);
