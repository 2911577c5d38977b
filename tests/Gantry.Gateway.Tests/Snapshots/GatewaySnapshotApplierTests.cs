using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Tests.Infrastructure;
using Gantry.Gateway.Tests.Policies;
using Gantry.Gateway.Tests.Tls;

namespace Gantry.Gateway.Tests.Snapshots;

/// <summary>A whole snapshot put in force at once, replaced whole by the next, and refused whole when any part is wrong.</summary>
public sealed class GatewaySnapshotApplierTests
{
    private static readonly RoutePolicyConfig KeysOnly = new() { Auth = new AuthConfig(null, ApiKeys: true, Anonymous: false) };

    private static GatewaySnapshot Full(TestBackend backend, long version)
    {
        using var certificate = TestCertificates.SelfSigned(["shop.test"]);
        return new GatewaySnapshot(version)
        {
            Routes = [PolicyRoutes.With(backend, KeysOnly)],
            Clients = [new AppClientsConfig("shop", [new ApiKeyConfig("k1", "mobile", GatewayClients.Hash("gk_secret_1"), ["member"])], [], [], [])],
            Certificates = [new CertificateConfig(certificate.ExportCertificatePem(), TestCertificates.KeyPem(certificate))],
            AcmeChallenges = [new AcmeChallengeConfig("tok", "tok.thumbprint")],
            Passthrough = [new PassthroughConfig("secure.test", ["127.0.0.1:4443"])],
            HttpsPort = 8443,
        };
    }

    [Fact]
    public async Task ASnapshot_PutsEveryPartInForce_AndTheNextReplacesThemWhole()
    {
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();

        gateway.Snapshots.Apply(Full(backend, 1));

        Assert.Equal(1, gateway.Snapshots.Version);
        using (var keyed = await gateway.SendAsync("/", apiKey: "gk_secret_1"))
        {
            Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
            Assert.Contains("X-Gantry-Key-Id: k1", await keyed.Content.ReadAsStringAsync());
        }

        Assert.Equal("tok.thumbprint", await gateway.GetStringAsync("shop.test", "/.well-known/acme-challenge/tok"));
        Assert.NotNull(gateway.Certificates.Select("shop.test"));
        Assert.Equal(8443, gateway.Policies.HttpsPort);

        // The next snapshot has the route alone: keys, certificates, answers and the HTTPS port go with the old one.
        gateway.Snapshots.Apply(new GatewaySnapshot(2) { Routes = [PolicyRoutes.With(backend, KeysOnly)] });

        Assert.Equal(2, gateway.Snapshots.Version);
        using (var revoked = await gateway.SendAsync("/", apiKey: "gk_secret_1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }

        using (var challenge = await gateway.SendAsync("/.well-known/acme-challenge/tok"))
        {
            Assert.NotEqual("tok.thumbprint", await challenge.Content.ReadAsStringAsync());
        }

        Assert.Null(gateway.Certificates.Select("shop.test"));
        Assert.Null(gateway.Policies.HttpsPort);
    }

    [Fact]
    public async Task APartTheNextSnapshotCarriesUnchanged_IsNotRebuilt()
    {
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        var first = Full(backend, 1);
        gateway.Snapshots.Apply(first);
        var generation = gateway.Table.Current.Generation;

        gateway.Snapshots.Apply(first with { Version = 2, HttpsPort = 9443 });
        Assert.Equal((generation, 9443), (gateway.Table.Current.Generation, gateway.Policies.HttpsPort));

        gateway.Snapshots.Apply(first with { Version = 3, Routes = [.. first.Routes] }); // an equal list, not the same one
        Assert.Equal(generation + 1, gateway.Table.Current.Generation);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "passthrough", "passthrough[0] (secure.test): 'nowhere' is not an address and port" },
        { "routes", "Host 'shop.test' has more than one route for path prefix '/'" },
        { "certificates", "certificates[0]: certificate: no PEM certificate found" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ASnapshotWithAnyBadPart_IsRefusedWhole_AndTheOneBeforeKeepsServing(string part, string expected)
    {
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        var good = Full(backend, 1);
        gateway.Snapshots.Apply(good);

        var bad = part switch
        {
            "passthrough" => good with { Version = 2, Clients = [], Passthrough = [new PassthroughConfig("secure.test", ["nowhere"])] },
            "routes" => good with { Version = 2, Clients = [], Routes = [.. good.Routes, .. good.Routes] },
            _ => good with { Version = 2, Clients = [], Certificates = [new CertificateConfig("not a certificate", "not a key")] },
        };
        var refused = Assert.Throws<InvalidDataException>(() => gateway.Snapshots.Apply(bad));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, gateway.Snapshots.Version);
        using var keyed = await gateway.SendAsync("/", apiKey: "gk_secret_1"); // the clients of version 1, which version 2 dropped
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.NotNull(gateway.Certificates.Select("shop.test"));
    }
}
