using Gantry.Gateway.Tls;

namespace Gantry.Gateway.Tests.Tls;

public sealed class CertificateStoreTests
{
    [Fact]
    public async Task TheCertificate_IsChosenBySni_ExactFirst_ThenAOneLabelWildcard_AndAnUnknownNameFailsTheHandshake()
    {
        var store = new CertificateStore();
        var shop = TestCertificates.Served("shop.example.test");
        var wildcard = TestCertificates.Served("*.example.test");
        store.Replace([shop, wildcard]);
        await using var server = await TlsTestServer.StartAsync(store);

        Assert.Equal(shop.Leaf.Thumbprint, (await server.HandshakeAsync("shop.example.test")).Leaf?.Thumbprint);
        Assert.Equal(shop.Leaf.Thumbprint, (await server.HandshakeAsync("SHOP.example.test")).Leaf?.Thumbprint);
        Assert.Equal(wildcard.Leaf.Thumbprint, (await server.HandshakeAsync("blog.example.test")).Leaf?.Thumbprint);
        Assert.Null((await server.HandshakeAsync("a.b.example.test")).Leaf);
        Assert.Null((await server.HandshakeAsync("example.test")).Leaf);
        Assert.Null((await server.HandshakeAsync("other.test")).Leaf);
    }

    [Fact]
    public void OfTwoCertificatesForAName_TheValidOneWithTheLaterExpiryWins()
    {
        var store = new CertificateStore();
        var expired = new ServedCertificate(TestCertificates.SelfSigned(["a.test"], DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)));
        var soon = new ServedCertificate(TestCertificates.SelfSigned(["a.test"], notAfter: DateTimeOffset.UtcNow.AddDays(5)));
        var later = new ServedCertificate(TestCertificates.SelfSigned(["a.test"], notAfter: DateTimeOffset.UtcNow.AddDays(60)));

        store.Replace([expired, later, soon]);

        Assert.Same(later, store.Select("a.test"));
    }

    [Fact]
    public async Task Replacing_KeepsTheOpenConnectionsCertificate_AndNewConnectionsGetTheNewOne()
    {
        var ca = LocalCertificateAuthority.Create("test");
        var store = new CertificateStore();
        var first = new ServedCertificate(ca.Issue(["app.localhost"]));
        store.Replace([first]);
        await using var server = await TlsTestServer.StartAsync(store);
        using var client = server.ClientTrusting(ca.Certificate);
        client.DefaultRequestHeaders.ConnectionClose = false;

        string firstAnswer;
        using (var response = await client.GetAsync("https://app.localhost/"))
        {
            firstAnswer = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("hello app.localhost", firstAnswer);
        }

        var second = new ServedCertificate(ca.Issue(["app.localhost"]));
        store.Replace([second]);

        // The keep-alive connection is reused (same connection id): it is not dropped by the swap.
        using (var again = await client.GetAsync("https://app.localhost/"))
        {
            Assert.Equal(firstAnswer, await again.Content.ReadAsStringAsync());
        }

        Assert.Equal(second.Leaf.Thumbprint, (await server.HandshakeAsync("app.localhost")).Leaf?.Thumbprint);
        Assert.NotEqual(first.Leaf.Thumbprint, second.Leaf.Thumbprint);
    }
}
