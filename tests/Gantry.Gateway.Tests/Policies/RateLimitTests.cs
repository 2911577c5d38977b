using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

public sealed class RateLimitTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("gantry-quotas-").FullName;

    private static RoutePolicyConfig Tiered(string jwks) => new()
    {
        Auth = new AuthConfig(PolicyRoutes.Jwt(jwks), ApiKeys: false, Anonymous: false),
        RateLimit = new RateLimitConfig("auto", new QuotaConfig(null, null, 5, null),
        [
            new TierConfig("guest", new QuotaConfig(null, null, null, 3)),
            new TierConfig("member", new QuotaConfig(null, null, 10, null)),
            new TierConfig("invited", QuotaConfig.Unlimited),
        ]),
    };

    [Fact]
    public async Task Tiers_AreCountedExactly_With50ConcurrentClients()
    {
        using var tokens = TestTokens.Hs256();
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, Tiered(tokens.Jwks)));

        // 50 clients (guests, members, invited), each firing 15 requests at once.
        var clients = Enumerable.Range(0, 50).Select(i => (Role: (i % 3) switch { 0 => "guest", 1 => "member", _ => "invited" }, Token: "")).ToArray();
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i].Token = tokens.Create($"user-{i}", roles: [clients[i].Role]);
        }

        var results = await Task.WhenAll(clients.Select(async client =>
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 15).Select(async _ =>
            {
                using var response = await gateway.SendAsync("/", bearer: client.Token);
                return response.StatusCode;
            }));
            return (client.Role, Ok: statuses.Count(s => s == HttpStatusCode.OK), Limited: statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        }));

        foreach (var result in results)
        {
            var expected = result.Role switch { "guest" => 3, "member" => 10, _ => 15 };
            Assert.Equal(expected, result.Ok);
            Assert.Equal(15 - expected, result.Limited);
        }

        Assert.Equal(results.Sum(r => r.Ok), backend.Requests);
    }

    [Fact]
    public async Task A429_CarriesRetryAfter_AndRateLimitHeaders()
    {
        await using var backend = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { RateLimit = new RateLimitConfig("ip", new QuotaConfig(null, 2, null, null), []) }));

        using var first = await gateway.SendAsync("/");
        using var second = await gateway.SendAsync("/");
        using var third = await gateway.SendAsync("/");

        Assert.Equal("1", first.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal("0", second.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("2", third.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("2;w=60", third.Headers.GetValues("RateLimit-Policy").Single());
        var retryAfter = third.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Contains("2 requests per minute", await third.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task QuotaCounts_SurviveAGatewayRestart()
    {
        using var tokens = TestTokens.Hs256();
        await using var backend = await TestBackend.StartAsync("app");
        var guest = tokens.Create("guest-1", roles: ["guest"]);

        await using (var gateway = await TestGateway.StartAsync(o => o.StateDirectory = _state))
        {
            gateway.Publish(PolicyRoutes.With(backend, Tiered(tokens.Jwks)));
            for (var i = 0; i < 2; i++)
            {
                using var ok = await gateway.SendAsync("/", bearer: guest);
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
        }

        Assert.True(File.Exists(Path.Combine(_state, "quotas.json")));
        await using (var restarted = await TestGateway.StartAsync(o => o.StateDirectory = _state))
        {
            restarted.Publish(PolicyRoutes.With(backend, Tiered(tokens.Jwks)));
            using var third = await restarted.SendAsync("/", bearer: guest);
            using var fourth = await restarted.SendAsync("/", bearer: guest);

            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
            Assert.Contains("all 3 requests", await fourth.Content.ReadAsStringAsync());
        }
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
