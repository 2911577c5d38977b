using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gantry.Gateway.Tls;

/// <summary>
/// Reads an uploaded certificate chain and private key in PEM form and checks them before anything is served:
/// every block parses, the key belongs to the first certificate, the certificate is valid now.
/// </summary>
public static class PemCertificates
{
    /// <summary>The leaf (with its key) and the intermediates that follow it in the chain file.</summary>
    /// <exception cref="PemCertificateException">Something is wrong; the message names the file, block and line.</exception>
    public static ServedCertificate Load(string certificatePem, string keyPem, string certificateFile = "certificate", string keyFile = "key")
    {
        var served = Read(certificatePem, keyPem, certificateFile, keyFile);
        var leaf = served.Leaf;
        var now = DateTime.UtcNow;
        if (leaf.NotAfter <= now)
        {
            throw new PemCertificateException($"{certificateFile}: the certificate expired on {leaf.NotAfter:yyyy-MM-dd}");
        }

        if (leaf.NotBefore > now)
        {
            throw new PemCertificateException($"{certificateFile}: the certificate is not valid before {leaf.NotBefore:yyyy-MM-dd HH:mm} UTC");
        }

        return served;
    }

    /// <summary>
    /// As <see cref="Load"/>, without the check that the certificate is valid now: for certificates checked when they
    /// were stored, which may have expired since (the store then prefers a valid one for the same name).
    /// </summary>
    /// <exception cref="PemCertificateException">Something is wrong; the message names the file, block and line.</exception>
    public static ServedCertificate Read(string certificatePem, string keyPem, string certificateFile = "certificate", string keyFile = "key")
    {
        var chain = ReadCertificates(certificatePem, certificateFile);
        var leaf = chain[0];
        if (!CertificateStore.DnsNames(leaf).Any())
        {
            throw new PemCertificateException($"{certificateFile}: the certificate names no DNS host (no subject alternative name)");
        }

        var withKey = AttachKey(leaf, keyPem, keyFile);
        return new ServedCertificate(withKey, [.. chain.Skip(1)]);
    }

    /// <summary>The chain as PEM (leaf first) and the key as PKCS#8 PEM, for storing.</summary>
    public static (string Certificates, string Key) Export(ServedCertificate served)
    {
        var certificates = string.Concat(new[] { served.Leaf }.Concat(served.Intermediates).Select(c => c.ExportCertificatePem() + "\n"));
        using var key = (AsymmetricAlgorithm?)served.Leaf.GetECDsaPrivateKey() ?? served.Leaf.GetRSAPrivateKey()
            ?? throw new PemCertificateException("the certificate has no RSA or ECDSA private key");
        return (certificates, key.ExportPkcs8PrivateKeyPem());
    }

    private static List<X509Certificate2> ReadCertificates(string pem, string file)
    {
        var certificates = new List<X509Certificate2>();
        var offset = 0;
        var block = 0;
        while (PemEncoding.TryFind(pem.AsSpan(offset), out var fields))
        {
            block++;
            var start = offset + fields.Location.Start.Value;
            var label = pem[(offset + fields.Label.Start.Value)..(offset + fields.Label.End.Value)];
            var line = LineOf(pem, start);
            if (label != "CERTIFICATE")
            {
                throw new PemCertificateException($"{file}: block {block} (line {line}) is a '{label}', not a CERTIFICATE");
            }

            try
            {
                var der = Convert.FromBase64String(pem[(offset + fields.Base64Data.Start.Value)..(offset + fields.Base64Data.End.Value)]);
                certificates.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                throw new PemCertificateException($"{file}: block {block} (line {line}) is not a valid certificate");
            }

            offset += fields.Location.End.Value;
        }

        return certificates.Count > 0
            ? certificates
            : throw new PemCertificateException($"{file}: no PEM certificate found (expected '-----BEGIN CERTIFICATE-----')");
    }

    private static X509Certificate2 AttachKey(X509Certificate2 leaf, string keyPem, string file)
    {
        if (!PemEncoding.TryFind(keyPem, out var fields))
        {
            throw new PemCertificateException($"{file}: no PEM private key found (expected '-----BEGIN PRIVATE KEY-----')");
        }

        var label = keyPem[fields.Label];
        AsymmetricAlgorithm key = leaf.GetKeyAlgorithm() == "1.2.840.10045.2.1" ? ECDsa.Create() : RSA.Create();
        using (key)
        {
            try
            {
                key.ImportFromPem(keyPem);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                var kind = key is ECDsa ? "ECDSA" : "RSA";
                throw new PemCertificateException($"{file}: the '{label}' block (line {LineOf(keyPem, fields.Location.Start.Value)}) is not a valid {kind} private key, the certificate's key type");
            }

            if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new PemCertificateException($"{file}: the private key does not belong to the certificate");
            }

            return Persistable(key is ECDsa ec ? leaf.CopyWithPrivateKey(ec) : leaf.CopyWithPrivateKey((RSA)key));
        }
    }

    private static X509Certificate2 Persistable(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
