using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>JWT validation: signature by a key of the JWKS (inline from a file, or fetched from a URL), issuer, audience, lifetime.</summary>
/// <param name="Jwks">The JSON Web Key Set read from <c>jwksFile</c> at deploy time; null when only a URL is given.</param>
/// <param name="RolesClaim">The claim that lists the caller's roles (tiers and access rules match them).</param>
/// <param name="ScopesClaim">The claim with the caller's scopes, space-separated or a list.</param>
public sealed record JwtConfig(
    string? Issuer,
    ImmutableArray<string> Audiences,
    string? JwksUrl,
    string? Jwks,
    TimeSpan ClockSkew,
    string RolesClaim,
    string ScopesClaim);
