using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

public sealed class ClientPolicyTests
{
    private static readonly RoutePolicyConfig KeysOnly = new() { Auth = new AuthConfig(null, ApiKeys: true, Anonymous: false) };

    [Fact]
    public async Task AnApiKey_Passes_IsNotForwarded_AndStopsWorkingOnceRevokedOrBlocked()
    {
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, KeysOnly));
        var key = new ApiKeyConfig("k1", "mobile", GatewayClients.Hash("gk_secret_1"), ["member"]);
        gateway.Clients.Replace("shop", new AppClients([key], [], [], []));

        using (var ok = await gateway.SendAsync("/", apiKey: "gk_secret_1"))
        {
            var body = await ok.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Contains("X-Gantry-Key-Id: k1", body);
            Assert.Contains("X-Gantry-Roles: member", body);
            Assert.DoesNotContain("gk_secret_1", body);
        }

        using (var wrong = await gateway.SendAsync("/", apiKey: "gk_guess"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        gateway.Clients.Replace("shop", new AppClients([key], blockedKeyIds: ["k1"], [], []));
        using (var blocked = await gateway.SendAsync("/", apiKey: "gk_secret_1"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            Assert.Contains("blocked", await blocked.Content.ReadAsStringAsync());
        }

        gateway.Clients.Replace("shop", new AppClients([], [], [], []));
        using (var revoked = await gateway.SendAsync("/", apiKey: "gk_secret_1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
            Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ABlockedAddress_Gets403_OnEveryRouteOfItsApp_ButNotOnOtherApps()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(
            Routes.To("shop.test", "/", "shop", backend),
            Routes.To("blog.test", "/", "blog", backend));
        gateway.Clients.Replace("shop", new AppClients([], [], [], blockedIps: ["127.0.0.1"]));

        using var shop = await gateway.SendAsync("/");
        using var blog = await gateway.SendAsync("/", host: "blog.test");

        Assert.Equal(HttpStatusCode.Forbidden, shop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, blog.StatusCode);
    }

    [Fact]
    public async Task IpRules_DenyFirst_ThenOnlyTheAllowList()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();

        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { IpAllow = ["10.0.0.0/8"] }));
        using (var notAllowed = await gateway.SendAsync("/"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        }

        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { IpAllow = ["127.0.0.0/8"] }));
        using (var allowed = await gateway.SendAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { IpAllow = ["127.0.0.0/8"], IpDeny = ["127.0.0.1"] }));
        using var denied = await gateway.SendAsync("/");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("127.0.0.1", await denied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cors_PreflightsAreAnsweredByTheGateway_AndForeignOriginsRefused()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        var cors = new CorsConfig(["https://shop.example"], ["GET", "POST"], ["Content-Type"], Credentials: true, TimeSpan.FromMinutes(5));
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { Cors = cors }));

        using var preflight = await gateway.SendAsync("/cart", method: HttpMethod.Options,
            headers: [("Origin", "https://shop.example"), ("Access-Control-Request-Method", "POST")]);
        using var foreign = await gateway.SendAsync("/cart", method: HttpMethod.Options,
            headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")]);
        using var actual = await gateway.SendAsync("/cart", headers: [("Origin", "https://shop.example")]);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("https://shop.example", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET, POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Equal("true", actual.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task HttpsRedirect_Sends308ToTheHttpsPort_WithPathAndQuery()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync(o => o.HttpsPort = 8443);
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { HttpsRedirect = true }));

        using var response = await gateway.SendAsync("/pay?id=7");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://shop.test:8443/pay?id=7", response.Headers.Location?.ToString());
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task APolicyChange_AppliesToTheNextRequest_OnAConnectionThatStaysOpen()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig()));
        var connections = new HashSet<string>();

        async Task<HttpStatusCode> SendAsync()
        {
            using var response = await gateway.SendAsync("/");
            connections.Add(response.Headers.ConnectionClose == true ? Guid.NewGuid().ToString() : "kept");
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync());
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { IpDeny = ["127.0.0.1"] }));
        Assert.Equal(HttpStatusCode.Forbidden, await SendAsync());
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig()));
        Assert.Equal(HttpStatusCode.OK, await SendAsync());

        // No answer asked the client to close: the one keep-alive connection carried all three.
        Assert.Equal(["kept"], connections);
    }
}
