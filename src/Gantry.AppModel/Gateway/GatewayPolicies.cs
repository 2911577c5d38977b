using System.Runtime.CompilerServices;
using Gantry.AppModel.Spec.Policies;
using Gantry.Gateway.Config;

namespace Gantry.AppModel.Gateway;

/// <summary>
/// The app model's route policies and circuit breakers as the gateway's configuration contract. A spec object maps to
/// the same config object every time (specs are immutable and kept by their release), so publishes compare policies
/// by reference and the gateway keeps a route's state (counters, breaker) when only its instances changed.
/// </summary>
public static class GatewayPolicies
{
    private static readonly ConditionalWeakTable<RoutePolicySpec, RoutePolicyConfig> Policies = [];
    private static readonly ConditionalWeakTable<CircuitBreakerSpec, CircuitBreakerConfig> Breakers = [];

    public static RoutePolicyConfig? ToConfig(this RoutePolicySpec? spec) =>
        spec is null ? null : Policies.GetValue(spec, Map);

    public static CircuitBreakerConfig? ToConfig(this CircuitBreakerSpec? spec) =>
        spec is null ? null : Breakers.GetValue(spec, s => new CircuitBreakerConfig(s.ConsecutiveFailures, s.FailureRatio, s.MinimumRequests, s.Window, s.BreakFor));

    private static RoutePolicyConfig Map(RoutePolicySpec spec) => new()
    {
        Auth = spec.Auth is { } auth ? new AuthConfig(Map(auth.Jwt), auth.ApiKeys, auth.Anonymous) : null,
        Access = [.. spec.Access.Select(a => new AccessRuleConfig(a.Methods, a.Roles, a.Scopes))],
        RateLimit = spec.RateLimit is { } limit
            ? new RateLimitConfig(limit.Client, Map(limit.Default), [.. limit.Tiers.Select(t => new TierConfig(t.Role, Map(t.Quota)))])
            : null,
        MaxBodyBytes = spec.MaxBodyBytes,
        BandwidthPerMinute = spec.BandwidthPerMinute,
        Timeout = spec.Timeout,
        Retries = spec.Retries,
        IpAllow = spec.IpAllow,
        IpDeny = spec.IpDeny,
        Cors = spec.Cors is { } cors ? new CorsConfig(cors.Origins, cors.Methods, cors.Headers, cors.Credentials, cors.MaxAge) : null,
        TlsPassthrough = spec.TlsPassthrough,
        HttpsRedirect = spec.HttpsRedirect,
    };

    private static JwtConfig? Map(JwtSpec? jwt) =>
        jwt is null ? null : new JwtConfig(jwt.Issuer, jwt.Audiences, jwt.JwksUrl, jwt.Jwks, jwt.ClockSkew, jwt.RolesClaim, jwt.ScopesClaim);

    private static QuotaConfig Map(QuotaSpec quota) => new(quota.PerSecond, quota.PerMinute, quota.PerDay, quota.Total);
}
