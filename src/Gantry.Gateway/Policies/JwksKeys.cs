using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Reads the signing keys of a JSON Web Key Set: RSA and EC keys, and symmetric <c>oct</c> keys (HS256 secrets) only
/// from a file the app ships, never from a URL: a shared secret served over the network is not a secret.
/// </summary>
internal static class JwksKeys
{
    /// <param name="symmetricIgnored">How many <c>oct</c> keys were left out because <paramref name="allowSymmetric"/> is false.</param>
    public static ImmutableArray<SecurityKey> Parse(string json, bool allowSymmetric, out int symmetricIgnored)
    {
        var set = new JsonWebKeySet(json);
        var keys = set.GetSigningKeys().Where(k => k is not SymmetricSecurityKey).ToList();
        var symmetric = set.Keys.Where(k => k.Kty == JsonWebAlgorithmsKeyTypes.Octet).ToList();
        symmetricIgnored = allowSymmetric ? 0 : symmetric.Count;
        if (!allowSymmetric)
        {
            return [.. keys];
        }

        // GetSigningKeys converts only RSA and EC keys reliably; HS256 secrets come as 'oct' keys.
        foreach (var key in symmetric.Where(k => !string.IsNullOrEmpty(k.K)))
        {
            if (!keys.Any(k => k is SymmetricSecurityKey && k.KeyId == key.Kid))
            {
                keys.Add(new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes(key.K)) { KeyId = key.Kid });
            }
        }

        return [.. keys];
    }

    /// <summary>Null when a fetched text is a key set the gateway would use; otherwise what is wrong, to follow "the key set at URL".</summary>
    public static string? ProblemOfFetched(string json)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return $"is not a JSON Web Key Set: {e.Message.Split('\n')[0]}";
        }

        if (set.Keys.FirstOrDefault(k => k.Kty == JsonWebAlgorithmsKeyTypes.Octet) is { } secret)
        {
            var id = string.IsNullOrEmpty(secret.Kid) ? "" : $" '{secret.Kid}'";
            return $"holds a symmetric key{id} (kty: oct): a shared secret is never taken from a URL; ship it in a jwksFile next to gantry.yaml, or serve RSA or EC public keys";
        }

        return set.GetSigningKeys().Count == 0 ? "has no RSA or EC signing key" : null;
    }
}
