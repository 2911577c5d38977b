namespace Gantry.AppModel.Tests.GantryFile;

public sealed class RoutePolicyParserTests
{
    private const string Score = """
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          app:
            image: nginx
        service:
          ports:
            web: { port: 80, targetPort: 8080 }
        resources:
          api:
            type: route
            params: { host: shop.test, path: /api, port: 80 }

        """;

    private const string Jwks = """{"keys":[{"kty":"oct","kid":"k1","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ"}]}""";

    private static Gantry.AppModel.Loading.AppLoadResult Load(string routes, string jwks = Jwks) => TestApp.Load(
        "gantry.yaml",
        ("gantry.yaml", "name: shop\nmaxConcurrentRequests: 50\nworkloads:\n  - score: score.yaml\n" + routes),
        ("score.yaml", Score),
        ("jwks.json", jwks));

    [Fact]
    public void Load_WithPolicies_PutsThemOnTheNamedRoute()
    {
        var result = Load("""
                circuitBreaker: { consecutiveFailures: 5, breakFor: 10s }
                routes:
                  api:
                    auth:
                      jwt: { issuer: https://issuer.test, audience: shop, jwksFile: jwks.json }
                      anonymous: true
                    access:
                      - methods: [POST]
                        roles: [admin]
                    rateLimit:
                      perMinute: 100
                      tiers:
                        - { role: guest, total: 3 }
                        - { role: member, perDay: 10 }
                        - { role: invited }
                    maxBodySize: 1Mi
                    timeout: 30s
                    ipDeny: [10.0.0.0/8]
                    https: redirect
            """);

        Assert.Empty(result.Errors);
        var workload = Assert.Single(result.App!.Workloads);
        var route = Assert.Single(workload.Routes);
        var policy = route.Policy!;
        Assert.Equal("api", route.Name);
        Assert.Equal(50, result.App.MaxConcurrentRequests);
        Assert.Equal(5, workload.CircuitBreaker!.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(10), workload.CircuitBreaker.BreakFor);
        Assert.Equal(Jwks, policy.Auth!.Jwt!.Jwks);
        Assert.Equal("shop", Assert.Single(policy.Auth.Jwt.Audiences));
        Assert.True(policy.Auth.Anonymous);
        Assert.Equal("admin", Assert.Single(policy.Access.Single().Roles));
        Assert.Equal(100, policy.RateLimit!.Default.PerMinute);
        Assert.Equal(["guest", "member", "invited"], policy.RateLimit.Tiers.Select(t => t.Role));
        Assert.Equal(3, policy.RateLimit.Tiers[0].Quota.Total);
        Assert.True(policy.RateLimit.Tiers[2].Quota.IsUnlimited);
        Assert.Equal(1024 * 1024, policy.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Timeout);
        Assert.Equal("10.0.0.0/8", Assert.Single(policy.IpDeny));
        Assert.True(policy.HttpsRedirect);
    }

    [Theory]
    [InlineData("routes:\n      apii: { timeout: 5s }", "gantry.yaml:6:7: workloads[0].routes.apii: 'apii' is not a route resource of score.yaml; its route resources: api; did you mean 'api'?")]
    [InlineData("routes:\n      api: { maxBodySize: 1Q }", "gantry.yaml:6:27: workloads[0].routes.api.maxBodySize: '1Q' is not a size")]
    [InlineData("routes:\n      api: { timeout: soon }", "gantry.yaml:6:23: workloads[0].routes.api.timeout: 'soon' is not a duration")]
    [InlineData("routes:\n      api: { ipAllow: [10.0.0.300] }", "workloads[0].routes.api.ipAllow[0]: '10.0.0.300' is not an IP address or a CIDR range")]
    [InlineData("routes:\n      api: { auth: { anonymous: true } }", "workloads[0].routes.api.auth: set 'jwt', 'apiKeys: true' or both")]
    [InlineData("routes:\n      api: { auth: { jwt: { issuer: x } } }", "workloads[0].routes.api.auth.jwt: set jwksFile")]
    [InlineData("routes:\n      api: { auth: { jwt: { jwksFile: missing.json } } }", "workloads[0].routes.api.auth.jwt.jwksFile: file 'missing.json' not found")]
    [InlineData("routes:\n      api: { rateLimit: { tiers: [ { role: a }, { role: a } ] } }", "role 'a' already has a tier above")]
    [InlineData("routes:\n      api: { rateLimit: { perMinut: 5 } }", "unknown field 'perMinut'; did you mean 'perMinute'?")]
    [InlineData("routes:\n      api: { access: [ { roles: [admin] } ] }", "access rules need 'auth'")]
    [InlineData("routes:\n      api: { https: always }", "must be one of redirect, allow, got 'always'")]
    [InlineData("routes:\n      api: { tls: passthrough, auth: { apiKeys: true } }", "workloads[0].routes.api.auth: 'auth' cannot apply to a 'tls: passthrough' route")]
    [InlineData("routes:\n      api: { tls: encrypt }", "must be one of passthrough, terminate, got 'encrypt'")]
    [InlineData("circuitBreaker: { failureRatio: 2 }", "workloads[0].circuitBreaker.failureRatio: expected a ratio above 0 and at most 1")]
    [InlineData("circuitBreaker: { window: 10s }", "set consecutiveFailures, failureRatio or both")]
    public void Load_WithAPolicyMistake_ReportsItWithLineAndField(string rest, string expected)
    {
        var errors = Load("    " + rest + "\n").Errors.Select(e => e.ToString()).ToList();
        Assert.True(errors.Exists(e => e.Contains(expected, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void Load_WithABrokenJwksFile_NamesTheFileAndTheProblem()
    {
        var errors = Load("    routes:\n      api: { auth: { jwt: { jwksFile: jwks.json } } }\n", jwks: "{\"keys\": [{\"kid\": 1}]}").Errors;
        Assert.Contains(errors, e => e.ToString().Contains("'jwks.json' is not a JSON Web Key Set: keys[0] has no \"kty\"", StringComparison.Ordinal));
    }
}
