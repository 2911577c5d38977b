using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Gateway.Tests.Policies;

/// <summary>Signs test tokens with an HS256, RS256 or ES256 key and describes the key as a JWKS, as an issuer would.</summary>
public sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "shop";

    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private TestTokens(SecurityKey key, string algorithm, string jwks, RSA? rsa = null, ECDsa? ec = null)
    {
        Key = key;
        Algorithm = algorithm;
        Jwks = jwks;
        _rsa = rsa;
        _ec = ec;
    }

    public SecurityKey Key { get; }

    public string Algorithm { get; }

    /// <summary>The public (for HS256: the shared) key as a JSON Web Key Set.</summary>
    public string Jwks { get; }

    public static TestTokens Hs256(string kid = "hs-1")
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var key = new SymmetricSecurityKey(secret) { KeyId = kid };
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "oct", kid, k = Base64UrlEncoder.Encode(secret), alg = "HS256" } } });
        return new TestTokens(key, SecurityAlgorithms.HmacSha256, jwks);
    }

    public static TestTokens Rs256(string kid)
    {
        var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var key = new RsaSecurityKey(rsa) { KeyId = kid };
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", kid, use = "sig", alg = "RS256", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } },
        });
        return new TestTokens(key, SecurityAlgorithms.RsaSha256, jwks, rsa: rsa);
    }

    public static TestTokens Es256(string kid)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ec.ExportParameters(false);
        var key = new ECDsaSecurityKey(ec) { KeyId = kid };
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "EC", kid, use = "sig", alg = "ES256", crv = "P-256", x = Base64UrlEncoder.Encode(parameters.Q.X), y = Base64UrlEncoder.Encode(parameters.Q.Y) } },
        });
        return new TestTokens(key, SecurityAlgorithms.EcdsaSha256, jwks, ec: ec);
    }

    /// <summary>The key sets of several issuers' keys merged into one JWKS document.</summary>
    public static string Merge(params TestTokens[] tokens)
    {
        var keys = tokens.SelectMany(t => JsonDocument.Parse(t.Jwks).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.Clone()));
        return JsonSerializer.Serialize(new { keys });
    }

    public string Create(string subject, string[]? roles = null, string? audience = Audience, string issuer = Issuer, TimeSpan? lifetime = null, string? scope = null)
    {
        var now = DateTime.UtcNow;
        var life = lifetime ?? TimeSpan.FromMinutes(5);
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now + life - TimeSpan.FromMinutes(10),
            NotBefore = now + life - TimeSpan.FromMinutes(10),
            Expires = now + life,
            SigningCredentials = new SigningCredentials(Key, Algorithm),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
