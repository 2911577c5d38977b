using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;
using Gantry.Gateway.Tests.Policies;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// Routes with JWT, rate limits, access rules and address rules on the fast path: what it admits itself (with the
/// framework path's headers for the app and the client), what it leaves to the framework path, and that a request
/// is counted once whichever path takes it. Real Kestrel backends on 127.0.0.1.
/// </summary>
public sealed class FastPathPolicyTests
{
    private static RoutePolicyConfig JwtAndLimit(string jwks, int perMinute) => new()
    {
        Auth = new AuthConfig(PolicyRoutes.Jwt(jwks), ApiKeys: false, Anonymous: false),
        RateLimit = new RateLimitConfig("subject", new QuotaConfig(null, perMinute, null, null), []),
    };

    [Fact]
    public async Task ACachedTokenOnAJwtRouteWithALimit_IsForwardedByTheFastPath_WithTheIdentityAndRateLimitFields()
    {
        using var tokens = TestTokens.Hs256();
        await using var app = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(app, JwtAndLimit(tokens.Jwks, perMinute: 1000)));
        var token = tokens.Create("alice", roles: ["admin", "dev"], scope: "read write");

        // The first request's token is validated on the fast path, the next ones are found in the token cache.
        var bodies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.SendAsync("/", bearer: token, headers: ("X-Gantry-Subject", "mallory"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("1000", response.Headers.GetValues("RateLimit-Limit").Single());
            Assert.Equal($"{999 - i}", response.Headers.GetValues("RateLimit-Remaining").Single());
            Assert.Equal("1000;w=60", response.Headers.GetValues("RateLimit-Policy").Single());
            Assert.InRange(int.Parse(response.Headers.GetValues("RateLimit-Reset").Single()), 1, 60);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(4, gateway.FastPathForwarded);
        Assert.Single(bodies.Distinct());
        Assert.Equal(
            "X-Gantry-Auth: jwt\nX-Gantry-Client: sub:alice\nX-Gantry-Roles: admin,dev\nX-Gantry-Scopes: read write\nX-Gantry-Subject: alice",
            bodies[0]);
    }

    [Fact]
    public async Task AQuotaIsExact_WhenBothPathsCountOneClientConcurrently()
    {
        using var tokens = TestTokens.Hs256();
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(app, JwtAndLimit(tokens.Jwks, perMinute: 200)));
        var token = tokens.Create("bob");
        await WarmTokenCacheAsync(gateway, token);

        // 300 requests at once: GETs on the fast path, POSTs (a body) on the framework path, one client.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = i % 3 == 0
                ? await gateway.SendAsync("/", bearer: token, method: HttpMethod.Post, content: new StringContent("x"))
                : await gateway.SendAsync("/", bearer: token);
            return response.StatusCode;
        }));

        // The warm-up request counted one of the 200.
        Assert.Equal(199, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(101, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(200, app.Requests);
        Assert.True(gateway.FastPathForwarded > 0, "some requests went through the fast path");
    }

    [Fact]
    public async Task RefusalsAreTheFrameworkPaths_AndCountNothing()
    {
        using var tokens = TestTokens.Hs256();
        using var stranger = TestTokens.Hs256();
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(app, JwtAndLimit(tokens.Jwks, perMinute: 1) with
        {
            Access = [new AccessRuleConfig(PolicyRoutes.List("DELETE"), PolicyRoutes.List("admin"), [])],
        }));
        var token = tokens.Create("carol");
        using var none = await gateway.SendAsync("/");
        using var forged = await gateway.SendAsync("/", bearer: stranger.Create("carol"));
        using var forbidden = await gateway.SendAsync("/", bearer: token, method: HttpMethod.Delete);
        using var allowed = await gateway.SendAsync("/", bearer: token);
        using var limited = await gateway.SendAsync("/", bearer: token);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("DELETE on this route needs one of the roles admin", await forbidden.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, app.Requests);
    }

    [Fact]
    public async Task AnAdmittedRequestHandedOverAfterAConnectFailure_IsCountedOnce()
    {
        await using var app = await TestBackend.StartAsync("app");
        var dead = new DestinationConfig("dead", await TestBackend.StoppedAddressAsync());
        await using var gateway = await TestGateway.StartAsync(o => o.MaxAttempts = 1);
        gateway.Publish(Routes.To("shop.test", "/", "shop", dead) with
        {
            RouteName = "api",
            Policy = new RoutePolicyConfig { RateLimit = new RateLimitConfig("ip", new QuotaConfig(null, null, null, 1), []) },
        });

        // The fast path admits and counts it, cannot connect, and hands it over: the framework path's answer is
        // the unreachable app's page, not a 429 for a second count.
        using var first = await gateway.SendAsync("/");
        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);

        gateway.Publish(Routes.To("shop.test", "/", "shop", app) with
        {
            RouteName = "api",
            Policy = new RoutePolicyConfig { RateLimit = new RateLimitConfig("ip", new QuotaConfig(null, null, null, 1), []) },
        });
        using var second = await gateway.SendAsync("/");
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(0, app.Requests);
    }

    [Fact]
    public async Task AddressRulesAndAnonymousCallers_AreDecidedOnTheFastPath()
    {
        await using var app = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(
            PolicyRoutes.With(app, new RoutePolicyConfig { Auth = new AuthConfig(null, ApiKeys: true, Anonymous: true), IpAllow = ["127.0.0.0/8"] }),
            PolicyRoutes.With(app, new RoutePolicyConfig { IpDeny = ["127.0.0.1"] }, host: "denied.test"));

        Assert.Equal("X-Gantry-Auth: anonymous\nX-Gantry-Client: ip:127.0.0.1", await gateway.GetStringAsync("shop.test", "/"));
        Assert.Equal(1, gateway.FastPathForwarded);

        // An API key is checked by the framework path; a refused address is answered there.
        using var withKey = await gateway.SendAsync("/", apiKey: "unknown");
        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        using var denied = await gateway.SendAsync("/", host: "denied.test");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(1, gateway.FastPathForwarded);
    }

    private static async Task WarmTokenCacheAsync(TestGateway gateway, string token)
    {
        using var response = await gateway.SendAsync("/", bearer: token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
