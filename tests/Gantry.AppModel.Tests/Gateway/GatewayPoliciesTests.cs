using System.Collections.Immutable;
using System.Text.Json;
using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Gateway;

namespace Gantry.AppModel.Tests.Gateway;

/// <summary>The app model's policies as the gateway's contract: every field carried, and one config object per spec object.</summary>
public sealed class GatewayPoliciesTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every field set to something other than its default, so a field the mapping forgets shows in the JSON.</summary>
    private static RoutePolicySpec Full() => new()
    {
        Auth = new AuthSpec(new JwtSpec("https://id.example.com/", ["api"], "https://id.example.com/jwks", "{\"keys\":[]}", TimeSpan.FromSeconds(30), "roles", "scp"), ApiKeys: true, Anonymous: true),
        Access = [new AccessRuleSpec(["POST"], ["admin"], ["write"])],
        RateLimit = new RateLimitSpec("key", new QuotaSpec(1, 2, 3, 4), [new TierSpec("gold", new QuotaSpec(10, 20, 30, 40))]),
        MaxBodyBytes = 1024,
        BandwidthPerMinute = 4096,
        Timeout = TimeSpan.FromSeconds(5),
        Retries = 2,
        IpAllow = ["10.0.0.0/8"],
        IpDeny = ["10.1.2.3"],
        Cors = new CorsSpec(["https://app.example.com"], ["GET"], ["X-Trace"], Credentials: true, TimeSpan.FromMinutes(10)),
        TlsPassthrough = true,
        HttpsRedirect = true,
    };

    [Fact]
    public void ARoutePolicy_IsCarriedFieldForField()
    {
        var spec = Full();

        var config = spec.ToConfig();

        Assert.Equal(JsonSerializer.Serialize(spec, Json), JsonSerializer.Serialize(config, Json));
    }

    [Fact]
    public void ACircuitBreaker_IsCarriedFieldForField()
    {
        var spec = new CircuitBreakerSpec(5, 0.5, 10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15));

        Assert.Equal(JsonSerializer.Serialize(spec, Json), JsonSerializer.Serialize(spec.ToConfig(), Json));
    }

    [Fact]
    public void OneSpecObject_MapsToOneConfigObject_SoPublishesSeeNoChange()
    {
        var spec = Full();
        var breaker = new CircuitBreakerSpec(3, null, 0, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

        Assert.Same(spec.ToConfig(), spec.ToConfig());
        Assert.Same(breaker.ToConfig(), breaker.ToConfig());
        Assert.NotSame(spec.ToConfig(), (spec with { Retries = 1 }).ToConfig());
        Assert.Null(((RoutePolicySpec?)null).ToConfig());
        Assert.Equal(ImmutableArray<string>.Empty, new RoutePolicySpec().ToConfig()!.IpAllow);
    }
}
