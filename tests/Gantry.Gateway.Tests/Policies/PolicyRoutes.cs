using System.Collections.Immutable;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>Routes with policies, as the control plane publishes them from gantry.yaml.</summary>
public static class PolicyRoutes
{
    public static RouteConfig With(TestBackend backend, RoutePolicyConfig policy, string app = "shop", string host = "shop.test") =>
        Routes.To(host, "/", app, backend) with { RouteName = "api", Policy = policy };

    public static JwtConfig Jwt(string? jwks, string? jwksUrl = null) =>
        new(TestTokens.Issuer, [TestTokens.Audience], jwksUrl, jwks, TimeSpan.FromSeconds(5), "roles", "scope");

    public static RoutePolicyConfig JwtOnly(string? jwks, string? jwksUrl = null) =>
        new() { Auth = new AuthConfig(Jwt(jwks, jwksUrl), ApiKeys: false, Anonymous: false) };

    /// <summary>A backend that answers with the identity headers it received, one per line.</summary>
    public static Task<TestBackend> EchoIdentityAsync(string name = "app") => TestBackend.StartAsync(name, context =>
    {
        var lines = context.Request.Headers.Where(h => h.Key.StartsWith("X-Gantry-", StringComparison.OrdinalIgnoreCase) || h.Key == "X-Api-Key")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}: {h.Value}");
        return context.Response.WriteAsync(string.Join("\n", lines));
    });

    public static ImmutableArray<string> List(params string[] items) => [.. items];
}
