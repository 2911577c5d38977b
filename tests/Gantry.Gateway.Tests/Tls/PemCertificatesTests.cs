using Gantry.Gateway.Tls;

namespace Gantry.Gateway.Tests.Tls;

public sealed class PemCertificatesTests
{
    [Fact]
    public void AChainAndItsKey_RoundTrip()
    {
        var certificate = TestCertificates.SelfSigned(["shop.example.test"]);

        var served = PemCertificates.Load(certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate));
        var (chain, key) = PemCertificates.Export(served);
        var again = PemCertificates.Load(chain, key);

        Assert.Equal(certificate.Thumbprint, again.Leaf.Thumbprint);
        Assert.True(again.Leaf.HasPrivateKey);
    }

    [Fact]
    public void AnRsaCertificate_IsAccepted()
    {
        var certificate = TestCertificates.SelfSigned(["rsa.example.test"], rsa: true);
        Assert.True(PemCertificates.Load(certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate)).Leaf.HasPrivateKey);
    }

    [Theory]
    [InlineData("garbage", "certificate.pem: no PEM certificate found")]
    [InlineData("no-key", "key.pem: no PEM private key found")]
    [InlineData("other-key", "key.pem: the private key does not belong to the certificate")]
    [InlineData("expired", "certificate.pem: the certificate expired on")]
    [InlineData("key-as-certificate", "certificate.pem: block 1 (line 1) is a 'PRIVATE KEY', not a CERTIFICATE")]
    [InlineData("broken-second-block", "certificate.pem: block 2 (line ")]
    public void ABadUpload_IsRefused_NamingTheFileAndWhy(string flaw, string message)
    {
        var good = TestCertificates.SelfSigned(["shop.example.test"]);
        var other = TestCertificates.SelfSigned(["shop.example.test"]);
        var expired = TestCertificates.SelfSigned(["old.example.test"], DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        var (certificate, key) = flaw switch
        {
            "garbage" => ("hello", TestCertificates.KeyPem(good)),
            "no-key" => (good.ExportCertificatePem(), ""),
            "other-key" => (good.ExportCertificatePem(), TestCertificates.KeyPem(other)),
            "expired" => (expired.ExportCertificatePem(), TestCertificates.KeyPem(expired)),
            "key-as-certificate" => (TestCertificates.KeyPem(good), TestCertificates.KeyPem(good)),
            _ => (good.ExportCertificatePem() + "\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", TestCertificates.KeyPem(good)),
        };

        var error = Assert.Throws<PemCertificateException>(() => PemCertificates.Load(certificate, key, "certificate.pem", "key.pem"));

        Assert.Contains(message, error.Message);
    }
}
