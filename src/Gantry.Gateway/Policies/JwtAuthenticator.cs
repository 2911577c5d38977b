using System.Collections.Immutable;
using Gantry.Gateway.Config;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Validates bearer tokens of one route (signature, issuer, audience, lifetime) and caches each validated token until
/// it expires, so a client sending the same token pays for the cryptography once. The cache is bounded: the least
/// recently used token makes room for a new one.
/// </summary>
internal sealed class JwtAuthenticator
{
    private const int MaxCachedTokens = 10_000;

    // Longer tokens are validated every time: the cache's bound is in entries, and an entry must stay small.
    public const int MaxCachedTokenLength = 4096;
    private static readonly long MaxCacheMs = (long)TimeSpan.FromMinutes(10).TotalMilliseconds;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly ImmutableArray<SecurityKey> _staticKeys;
    private readonly JwksSource? _source;
    private readonly JwtConfig _spec;
    private readonly BoundedTable<string, CachedToken> _cache = new(MaxCachedTokens, StringComparer.Ordinal);

    public JwtAuthenticator(JwtConfig spec, JwksSource? source)
    {
        _spec = spec;
        _source = source;
        _staticKeys = spec.Jwks is { } jwks ? JwksKeys.Parse(jwks, allowSymmetric: true, out _) : []; // from the app's own file
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = spec.Issuer,
            ValidateIssuer = spec.Issuer is not null,
            ValidAudiences = spec.Audiences.IsDefaultOrEmpty ? null : spec.Audiences,
            ValidateAudience = !spec.Audiences.IsDefaultOrEmpty,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = spec.ClockSkew,
            ValidAlgorithms = ["HS256", "RS256", "ES256"],
            IssuerSigningKeyResolver = (_, _, _, _) => CurrentKeys(),
        };
    }

    /// <summary>The validated tokens, for tests of its bound.</summary>
    internal BoundedTable<string, CachedToken> Cache => _cache;

    /// <summary>A token validated before and still fresh, found without copying the token; null otherwise.</summary>
    public CachedToken? Cached(ReadOnlySpan<char> token) =>
        _cache.TryGetValue(token, out var cached) && cached.UntilMs > Environment.TickCount64 ? cached : null;

    /// <summary>Who the token says the caller is, or why it is refused.</summary>
    public async ValueTask<(RequestIdentity? Identity, string? Problem)> AuthenticateAsync(string token, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (_cache.TryGetValue(token, out var cached) && cached.UntilMs > now)
        {
            return (cached.Identity, null);
        }

        if (_source is not null && !await EnsureKeyKnownAsync(token, ct))
        {
            return (null, "the token is signed with an unknown key");
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (null, Describe(result.Exception));
        }

        var identity = ToIdentity(jwt);
        var lifetimeMs = (long)(jwt.ValidTo - DateTime.UtcNow).TotalMilliseconds;
        if (token.Length <= MaxCachedTokenLength)
        {
            // Full: the least recently used token makes room, never the whole cache.
            _cache.Set(token, new CachedToken(identity, now + Math.Min(lifetimeMs, MaxCacheMs), IdentityHeaders.Lines(identity)));
        }
        return (identity, null);
    }

    private ImmutableArray<SecurityKey> CurrentKeys() =>
        _source is null ? _staticKeys : _staticKeys.AddRange(_source.CachedKeys);

    /// <summary>Fetches the URL's keys when none are known yet or the token names a key id not seen before (rotation).</summary>
    private async ValueTask<bool> EnsureKeyKnownAsync(string token, CancellationToken ct)
    {
        string? kid;
        try
        {
            kid = new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return true; // malformed: validation says so
        }

        if (kid is not null && _staticKeys.Any(k => k.KeyId == kid))
        {
            return true;
        }

        var keys = await _source!.GetKeysAsync(kid, ct);
        return !keys.IsEmpty || !_staticKeys.IsEmpty;
    }

    private RequestIdentity ToIdentity(JsonWebToken jwt)
    {
        var roles = jwt.Claims.Where(c => c.Type == _spec.RolesClaim).SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var scopes = jwt.Claims.Where(c => c.Type == _spec.ScopesClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var subject = string.IsNullOrEmpty(jwt.Subject) ? null : jwt.Subject;
        return new RequestIdentity("jwt", subject, null, [.. roles.Distinct()], [.. scopes.Distinct()], subject is null ? "jwt:anonymous" : $"sub:{subject}");
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry ('exp')",
        SecurityTokenInvalidAudienceException => "the token's audience is not accepted here",
        SecurityTokenInvalidIssuerException => "the token's issuer is not accepted here",
        SecurityTokenSignatureKeyNotFoundException => "the token is signed with an unknown key",
        SecurityTokenInvalidSignatureException => "the token's signature is invalid",
        SecurityTokenInvalidAlgorithmException => "the token's algorithm is not accepted (HS256, RS256, ES256)",
        SecurityTokenMalformedException or ArgumentException => "the token is malformed",
        _ => "the token is invalid",
    };

    /// <param name="Lines">The identity's forwarded header lines for the fast path (see <see cref="IdentityHeaders.Lines"/>).</param>
    internal sealed record CachedToken(RequestIdentity Identity, long UntilMs, byte[]? Lines);
}
