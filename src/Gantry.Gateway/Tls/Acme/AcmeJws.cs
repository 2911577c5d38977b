using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gantry.Gateway.Tls.Acme;

/// <summary>
/// Signs ACME requests: a flattened JWS (RFC 7515) with ES256 over the account's P-256 key, naming the account by its
/// JWK (new accounts) or its URL (<c>kid</c>, everything else), as RFC 8555 §6.2 asks.
/// </summary>
internal sealed class AcmeJws(ECDsa accountKey)
{
    private readonly ECParameters _public = accountKey.ExportParameters(includePrivateParameters: false);

    /// <summary>The account key as a JWK, members in the order RFC 7638 hashes them.</summary>
    public SortedDictionary<string, string> Jwk => new(StringComparer.Ordinal)
    {
        ["crv"] = "P-256",
        ["kty"] = "EC",
        ["x"] = Base64Url.Encode(_public.Q.X),
        ["y"] = Base64Url.Encode(_public.Q.Y),
    };

    /// <summary>The JWK thumbprint (RFC 7638): SHA-256 of the canonical JWK, base64url.</summary>
    public string Thumbprint()
    {
        var canonical = JsonSerializer.Serialize(Jwk);
        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The request body; <paramref name="payload"/> null makes a POST-as-GET (empty payload).</summary>
    public string Sign(Uri url, string nonce, object? payload, Uri? accountUrl)
    {
        var header = new Dictionary<string, object> { ["alg"] = "ES256", ["nonce"] = nonce, ["url"] = url.ToString() };
        if (accountUrl is null)
        {
            header["jwk"] = Jwk;
        }
        else
        {
            header["kid"] = accountUrl.ToString();
        }

        var protectedPart = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(header));
        var payloadPart = payload is null ? "" : Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = accountKey.SignData(
            Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return JsonSerializer.Serialize(new { @protected = protectedPart, payload = payloadPart, signature = Base64Url.Encode(signature) });
    }
}
