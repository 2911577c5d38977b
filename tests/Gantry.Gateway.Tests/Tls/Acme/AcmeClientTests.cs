using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gantry.Gateway.Tls;
using Gantry.Gateway.Tls.Acme;
using Gantry.Testing;

namespace Gantry.Gateway.Tests.Tls.Acme;

/// <summary>The ACME client against a real Pebble.</summary>
public sealed class AcmeClientTests
{
    [Fact]
    public async Task ATwoNameCertificate_IsIssued_ChainsToPebblesRoot_AndMatchesItsKey()
    {
        await using var challenges = await ChallengeServer.StartAsync();
        await using var pebble = await PebbleServer.StartAsync(challenges.Port);
        using var http = pebble.CreateClient();
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = new AcmeClient(pebble.DirectoryUrl, http, accountKey);

        var issued = await client.IssueAsync(["a.example.test", "b.example.test"], challenges.Store, CancellationToken.None);

        var served = PemCertificates.Load(issued.ChainPem, issued.KeyPem);
        Assert.Equal(["a.example.test", "b.example.test"], CertificateStore.DnsNames(served.Leaf).Order());
        using var root = await pebble.GetRootAsync();
        using var chain = new X509Chain { ChainPolicy = PebbleServer.TrustOnly(root) };
        chain.ChainPolicy.ExtraStore.AddRange(served.Intermediates);
        Assert.True(chain.Build(served.Leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
        Assert.False(challenges.Store.Any);
    }

    [Fact]
    public async Task AWrongKeyAuthorization_FailsNamingTheIdentifier_AndLeavesNoChallengeBehind()
    {
        await using var challenges = await ChallengeServer.StartAsync();
        await using var pebble = await PebbleServer.StartAsync(challenges.Port);
        using var http = pebble.CreateClient();
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = new AcmeClient(pebble.DirectoryUrl, http, accountKey);

        var error = await Assert.ThrowsAsync<AcmeException>(() =>
            client.IssueAsync(["broken.example.test"], new WrongAnswers(challenges.Store), CancellationToken.None));

        Assert.Contains("the challenge for 'broken.example.test' failed", error.Message);
        Assert.False(challenges.Store.Any);
    }

    [Fact]
    public async Task RejectedNonces_AreRetried_AndIssuanceSucceeds()
    {
        await using var challenges = await ChallengeServer.StartAsync();
        await using var pebble = await PebbleServer.StartAsync(challenges.Port, nonceRejectPercent: 30);
        using var http = pebble.CreateClient();
        using var accountKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var client = new AcmeClient(pebble.DirectoryUrl, http, accountKey);

        var first = await client.IssueAsync(["nonce-1.example.test"], challenges.Store, CancellationToken.None);
        var second = await client.IssueAsync(["nonce-2.example.test"], challenges.Store, CancellationToken.None);

        Assert.Contains("BEGIN CERTIFICATE", first.ChainPem);
        Assert.Contains("BEGIN CERTIFICATE", second.ChainPem);
    }

    [Fact]
    public async Task TheSameAccountKey_FindsTheSameAccount_AfterAPemRoundTrip()
    {
        await using var pebble = await PebbleServer.StartAsync(httpPort: 1); // no challenge is answered: account calls only
        using var http = pebble.CreateClient();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var first = await new AcmeClient(pebble.DirectoryUrl, http, key).EnsureAccountAsync("ops@example.test", CancellationToken.None);

        using var reloaded = ECDsa.Create();
        reloaded.ImportFromPem(key.ExportPkcs8PrivateKeyPem());
        var again = await new AcmeClient(pebble.DirectoryUrl, http, reloaded).EnsureAccountAsync(null, CancellationToken.None);

        Assert.Equal(first, again);
    }

    /// <summary>Publishes a key authorization that does not match the account's key.</summary>
    private sealed class WrongAnswers(IHttp01ChallengeResponder inner) : IHttp01ChallengeResponder
    {
        public void Add(string token, string keyAuthorization) => inner.Add(token, token + ".not-the-thumbprint");

        public void Remove(string token) => inner.Remove(token);
    }
}
