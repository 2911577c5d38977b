using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Gateway.Policies;

/// <summary>Reads the signing keys of a JSON Web Key Set (RSA, EC and symmetric <c>oct</c> keys).</summary>
internal static class JwksKeys
{
    public static ImmutableArray<SecurityKey> Parse(string json)
    {
        var set = new JsonWebKeySet(json);
        var keys = set.GetSigningKeys().ToList();

        // GetSigningKeys converts only RSA and EC keys; HS256 secrets come as 'oct' keys.
        foreach (var key in set.Keys.Where(k => k.Kty == JsonWebAlgorithmsKeyTypes.Octet && !string.IsNullOrEmpty(k.K)))
        {
            if (!keys.Any(k => k is SymmetricSecurityKey && k.KeyId == key.Kid))
            {
                keys.Add(new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes(key.K)) { KeyId = key.Kid });
            }
        }

        return [.. keys];
    }
}
