using System.Security.Cryptography.X509Certificates;
using Gantry.Gateway.Tls;

namespace Gantry.Gateway.Tests.Tls;

public sealed class LocalCertificateAuthorityTests
{
    [Fact]
    public async Task ALeafForALocalhostName_IsTrustedByAClientThatTrustsOnlyTheCa_AndServedWithHttps()
    {
        using var ca = LocalCertificateAuthority.Create("test");
        var store = new CertificateStore();
        store.Replace([new ServedCertificate(ca.Issue(["shop.localhost", "api.shop.localhost"]))]);
        await using var server = await TlsTestServer.StartAsync(store);
        using var client = server.ClientTrusting(ca.Certificate);

        var answer = await client.GetStringAsync("https://api.shop.localhost/");

        Assert.StartsWith("hello api.shop.localhost", answer);
    }

    [Fact]
    public void TheCa_IsNameConstrainedToLocalhost_AndRefusesOtherNames()
    {
        using var ca = LocalCertificateAuthority.Create("test");

        var constraints = ca.Certificate.Extensions["2.5.29.30"];
        Assert.NotNull(constraints);
        Assert.True(constraints.Critical);
        var error = Assert.Throws<ArgumentException>(() => ca.Issue(["shop.localhost", "example.com"]));
        Assert.Contains("'example.com' is not one", error.Message);
    }

    [Fact]
    public void TheCa_SurvivesAPemRoundTrip_AndItsLeavesChainToIt()
    {
        using var ca = LocalCertificateAuthority.Create("test");
        using var loaded = LocalCertificateAuthority.Load(ca.ExportCertificatePem(), ca.ExportKeyPem());
        using var leaf = loaded.Issue(["app.localhost"]);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(ca.Certificate.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
        Assert.Equal(["app.localhost"], CertificateStore.DnsNames(leaf));
    }
}
