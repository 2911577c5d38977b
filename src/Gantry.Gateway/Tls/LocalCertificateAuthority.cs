using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Gateway.Tls;

/// <summary>
/// A certificate authority of one Gantry installation, for <c>localhost</c> and <c>*.localhost</c> apps: trusting its
/// certificate (<c>gantry ca</c>) makes them HTTPS without warnings. Name constraints limit it to localhost names, so
/// trusting it cannot be abused for any real site.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    private const string NameConstraintsOid = "2.5.29.30";
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(90);

    private readonly ECDsa _key;

    private LocalCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA's certificate (public): what users add to their trust store.</summary>
    public X509Certificate2 Certificate { get; }

    public static LocalCertificateAuthority Create(string installationId)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Gantry local CA ({installationId}), O=Gantry", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(new X509Extension(NameConstraintsOid, PermitDnsNames("localhost"), critical: true));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return new LocalCertificateAuthority(X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)), key);
    }

    /// <summary>Loads a CA saved with <see cref="ExportCertificatePem"/> and <see cref="ExportKeyPem"/>.</summary>
    public static LocalCertificateAuthority Load(string certificatePem, string keyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        using var publicKey = certificate.GetECDsaPublicKey();
        if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            key.Dispose();
            throw new CryptographicException("The local CA's key does not belong to its certificate.");
        }

        return new LocalCertificateAuthority(certificate, key);
    }

    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    public string ExportKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Whether the CA may sign for a name: <c>localhost</c> and names under it.</summary>
    public static bool Covers(string name) =>
        name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>A 90-day server certificate (with its private key) for localhost names.</summary>
    public X509Certificate2 Issue(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            throw new ArgumentException("Name at least one host.", nameof(names));
        }

        if (names.FirstOrDefault(n => !Covers(n)) is { } foreign)
        {
            throw new ArgumentException($"The local CA signs only localhost names; '{foreign}' is not one.", nameof(names));
        }

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names.First()}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var now = DateTimeOffset.UtcNow;
        var notAfter = now + LeafLifetime < Certificate.NotAfter ? now + LeafLifetime : new DateTimeOffset(Certificate.NotAfter);
        using var signer = Certificate.CopyWithPrivateKey(_key);
        using var issued = request.Create(signer, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(leafKey);

        // Round-trip through PKCS#12 so the key is a plain, persistable one that SslStream accepts everywhere.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <summary>The DER of a NameConstraints extension permitting only DNS names under <paramref name="names"/> (RFC 5280 4.2.1.10).</summary>
    private static byte[] PermitDnsNames(params string[] names)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                foreach (var name in names)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteCharacterString(UniversalTagNumber.IA5String, name, new Asn1Tag(TagClass.ContextSpecific, 2));
                    }
                }
            }
        }

        return writer.Encode();
    }
}
