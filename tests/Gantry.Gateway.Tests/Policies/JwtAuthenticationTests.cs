using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

public sealed class JwtAuthenticationTests
{
    // The issuers here serve their keys on 127.0.0.1: the platform must allow loopback JWKS URLs for that.
    private static readonly Action<GatewayOptions> AllowLoopback = o => o.JwksAllowLoopback = true;

    [Fact]
    public async Task AValidToken_Passes_AndTheAppSeesTheValidatedIdentity_NotTheClientsCopies()
    {
        using var tokens = TestTokens.Hs256();
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, PolicyRoutes.JwtOnly(tokens.Jwks)));

        var token = tokens.Create("alice", roles: ["member"], scope: "orders:read orders:write");
        using var response = await gateway.SendAsync("/orders", bearer: token, headers: [("X-Gantry-Subject", "mallory"), ("X-Gantry-Roles", "admin")]);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("X-Gantry-Subject: alice", body);
        Assert.Contains("X-Gantry-Roles: member", body);
        Assert.Contains("X-Gantry-Scopes: orders:read orders:write", body);
        Assert.Contains("X-Gantry-Auth: jwt", body);
        Assert.DoesNotContain("mallory", body);
        Assert.DoesNotContain("admin", body);
    }

    [Fact]
    public async Task SpoofedIdentityHeaders_AreStripped_OnRoutesWithoutPolicies()
    {
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("shop.test", "/", "shop", backend));

        using var response = await gateway.SendAsync("/", headers: [("X-Gantry-Subject", "mallory"), ("X-Gantry-Auth", "jwt")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("expired", "the token has expired")]
    [InlineData("audience", "the token's audience is not accepted here")]
    [InlineData("issuer", "the token's issuer is not accepted here")]
    [InlineData("signature", "the token's signature is invalid")]
    [InlineData("malformed", "the token is malformed")]
    [InlineData("missing", "this route needs a bearer token")]
    public async Task ABadToken_Gets401_NamingWhy_AndNeverReachesTheApp(string flaw, string reason)
    {
        using var tokens = TestTokens.Hs256();
        using var other = TestTokens.Hs256(); // same key id, different secret
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, PolicyRoutes.JwtOnly(tokens.Jwks)));

        var token = flaw switch
        {
            "expired" => tokens.Create("alice", lifetime: TimeSpan.FromMinutes(-1)),
            "audience" => tokens.Create("alice", audience: "another-app"),
            "issuer" => tokens.Create("alice", issuer: "https://evil.test"),
            "signature" => other.Create("alice"),
            "malformed" => "not.a.token",
            _ => null,
        };
        using var response = await gateway.SendAsync("/", bearer: token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task KeysFromAJwksUrl_AreFetchedOnce_AndARotatedKeyIsFetchedOnFirstSight()
    {
        using var first = TestTokens.Rs256("rsa-1");
        using var second = TestTokens.Es256("ec-2");
        var served = first.Jwks;
        await using var issuer = await TestBackend.StartAsync("issuer", context => context.Response.WriteAsync(Volatile.Read(ref served)));
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        gateway.Publish(PolicyRoutes.With(backend, PolicyRoutes.JwtOnly(null, $"{issuer.Address}/jwks.json")));

        var token = first.Create("alice");
        for (var i = 0; i < 20; i++)
        {
            using var ok = await gateway.SendAsync("/", bearer: token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        Assert.Equal(1, issuer.Requests);

        // The issuer rotates to a new key: the first token naming it makes the gateway look again, once.
        Volatile.Write(ref served, TestTokens.Merge(first, second));
        using var rotated = await gateway.SendAsync("/", bearer: second.Create("bob"));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Contains("X-Gantry-Subject: bob", await rotated.Content.ReadAsStringAsync());
        Assert.Equal(2, issuer.Requests);
    }

    [Fact]
    public async Task AnUnknownKeyId_Gets401_AfterAtMostOneRefetch()
    {
        using var known = TestTokens.Rs256("rsa-1");
        using var stranger = TestTokens.Rs256("rsa-unknown");
        await using var issuer = await TestBackend.StartAsync("issuer", context => context.Response.WriteAsync(known.Jwks));
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        gateway.Publish(PolicyRoutes.With(backend, PolicyRoutes.JwtOnly(null, $"{issuer.Address}/jwks.json")));

        using (var ok = await gateway.SendAsync("/", bearer: known.Create("alice")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var refused = await gateway.SendAsync("/", bearer: stranger.Create("eve"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("unknown key", await refused.Content.ReadAsStringAsync());
        }

        Assert.True(issuer.Requests <= 2, $"the JWKS was fetched {issuer.Requests} times");
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task AJwksUrlOnLoopback_IsNeverFetched_UnlessThePlatformAllowsLoopback()
    {
        using var keys = TestTokens.Rs256("rsa-1");
        await using var issuer = await TestBackend.StartAsync("issuer", context => context.Response.WriteAsync(keys.Jwks));
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, PolicyRoutes.JwtOnly(null, $"{issuer.Address}/jwks.json")));

        using var refused = await gateway.SendAsync("/", bearer: keys.Create("alice"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(0, issuer.Requests);
        Assert.Equal(0, backend.Requests);
        Assert.Equal(1, gateway.Logs.Count(1020, "127.0.0.1 is a loopback address (this machine)"));
    }

    [Fact]
    public async Task SymmetricKeysFromAJwksUrl_AreIgnoredAndLogged_SoATokenSignedWithThemIsRefused()
    {
        using var secret = TestTokens.Hs256("shared");
        using var rsa = TestTokens.Rs256("rsa-1");
        await using var issuer = await TestBackend.StartAsync("issuer", context => context.Response.WriteAsync(TestTokens.Merge(rsa, secret)));
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        gateway.Publish(PolicyRoutes.With(backend, PolicyRoutes.JwtOnly(null, $"{issuer.Address}/jwks.json")));

        using var forged = await gateway.SendAsync("/", bearer: secret.Create("mallory"));
        using var signed = await gateway.SendAsync("/", bearer: rsa.Create("alice"));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(1, backend.Requests);
        Assert.True(gateway.Logs.Count(1027, "1 symmetric (oct) key(s)") >= 1, "the ignored key was not logged");
    }

    [Fact]
    public async Task AccessRules_RefuseAMissingRoleWith403_AndAnonymousCallersWith401()
    {
        using var tokens = TestTokens.Hs256();
        await using var backend = await PolicyRoutes.EchoIdentityAsync();
        await using var gateway = await TestGateway.StartAsync();
        var policy = new RoutePolicyConfig
        {
            Auth = new AuthConfig(PolicyRoutes.Jwt(tokens.Jwks), ApiKeys: false, Anonymous: true),
            Access = [new AccessRuleConfig(["POST", "DELETE"], ["admin"], [])],
        };
        gateway.Publish(PolicyRoutes.With(backend, policy));

        using var read = await gateway.SendAsync("/items");
        using var anonymousWrite = await gateway.SendAsync("/items", method: HttpMethod.Post, content: new StringContent("x"));
        using var memberWrite = await gateway.SendAsync("/items", bearer: tokens.Create("alice", roles: ["member"]), method: HttpMethod.Post, content: new StringContent("x"));
        using var adminWrite = await gateway.SendAsync("/items", bearer: tokens.Create("root", roles: ["admin"]), method: HttpMethod.Delete);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("X-Gantry-Auth: anonymous", await read.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousWrite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, memberWrite.StatusCode);
        Assert.Contains("one of the roles admin", await memberWrite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, adminWrite.StatusCode);
    }
}
