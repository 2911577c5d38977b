using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Snapshots;

/// <summary>Snapshots as they travel and rest: every part survives the round trip, and what is left out reads as empty.</summary>
public sealed class GatewayConfigJsonTests
{
    private static GatewaySnapshot Everything() => new(7)
    {
        Routes =
        [
            new RouteConfig("shop.test", "/api", "shop", "web", [new DestinationConfig("i1:8080", "http://127.0.0.1:41234")])
            {
                RouteName = "api",
                Policy = new RoutePolicyConfig
                {
                    Auth = new AuthConfig(new JwtConfig("https://id.test/", ["api"], null, "{\"keys\":[]}", TimeSpan.FromSeconds(30), "roles", "scope"), true, false),
                    Access = [new AccessRuleConfig(["POST"], ["admin"], [])],
                    RateLimit = new RateLimitConfig("auto", new QuotaConfig(5, null, 1000, null), [new TierConfig("gold", QuotaConfig.Unlimited)]),
                    MaxBodyBytes = 1024,
                    BandwidthPerMinute = 1 << 20,
                    Timeout = TimeSpan.FromSeconds(3),
                    Retries = 1,
                    IpAllow = ["10.0.0.0/8"],
                    IpDeny = ["10.0.0.1"],
                    Cors = new CorsConfig(["*"], ["GET"], [], false, TimeSpan.FromMinutes(5)),
                    HttpsRedirect = true,
                },
                CircuitBreaker = new CircuitBreakerConfig(5, 0.5, 10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)),
                MaxConcurrentRequests = 100,
            },
        ],
        Passthrough = [new PassthroughConfig("secure.test", ["127.0.0.1:4443"])],
        Clients = [new AppClientsConfig("shop", [new ApiKeyConfig("k1", "mobile", "ab12", ["member"])], ["k2"], ["user-9"], ["192.0.2.1"])],
        Certificates = [new CertificateConfig("-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----")],
        AcmeChallenges = [new AcmeChallengeConfig("tok", "tok.thumb")],
        HttpsPort = 8443,
    };

    [Fact]
    public void ASnapshot_SurvivesTheRoundTrip_PartForPart()
    {
        var json = GatewayConfigJson.Serialize(Everything());

        var read = GatewayConfigJson.Deserialize(json);

        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(GatewayConfigJson.Serialize(read)));
        var route = Assert.Single(read.Routes);
        Assert.Equal(("shop.test", "/api", "api", 100), (route.Host, route.PathPrefix, route.RouteName, route.MaxConcurrentRequests));
        Assert.Equal(TimeSpan.FromSeconds(30), route.Policy!.Auth!.Jwt!.ClockSkew);
        Assert.Equal(1000, route.Policy.RateLimit!.Default.PerDay);
        Assert.Equal<string>(["192.0.2.1"], Assert.Single(read.Clients).BlockedIps);
        Assert.Contains("\"version\":7", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnapshotWithPartsLeftOut_ReadsThemAsEmpty_AndApplies()
    {
        var read = GatewayConfigJson.Deserialize("""{"version":3,"routes":[{"host":"a.test","pathPrefix":"/","app":"a","workload":"web","destinations":[]}],"fromANewerControlPlane":true}"""u8);

        await using var gateway = await TestGateway.StartAsync();
        gateway.Snapshots.Apply(read);

        Assert.Equal(3, gateway.Snapshots.Version);
        Assert.True(read.Clients.IsEmpty);
        Assert.Equal("", read.Routes[0].RouteName);
        Assert.True(read.Routes[0].Policy is null);
        using var response = await gateway.SendAsync("a.test", "/");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode); // the route exists, with no instance yet
    }

    [Fact]
    public void WhatIsNotASnapshot_IsAJsonError_AndACertificatesKeyNeverPrints()
    {
        Assert.Throws<JsonException>(() => GatewayConfigJson.Deserialize("null"u8));
        Assert.Throws<JsonException>(() => GatewayConfigJson.Deserialize("""{"version":"x"}"""u8));
        // A route without its host, or with a null one, is damage: refused, never served as a route for no host.
        var missing = Assert.Throws<JsonException>(() => GatewayConfigJson.Deserialize("""{"version":3,"routes":[{"pathPrefix":"/","app":"a","workload":"web","destinations":[]}]}"""u8));
        Assert.Contains("host", missing.Message, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => GatewayConfigJson.Deserialize("""{"version":3,"routes":[{"host":null,"pathPrefix":"/","app":"a","workload":"web","destinations":[]}]}"""u8));
        Assert.DoesNotContain("PRIVATE KEY", Everything().ToString() + Everything().Certificates[0], StringComparison.Ordinal);
        Assert.Equal(ImmutableArray<string>.Empty, new AppClientsConfig("a", [], [], [], []).BlockedIps);
    }
}
