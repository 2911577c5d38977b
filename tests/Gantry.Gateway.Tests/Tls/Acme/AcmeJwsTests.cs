using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.Gateway.Tls.Acme;

namespace Gantry.Gateway.Tests.Tls.Acme;

public sealed class AcmeJwsTests
{
    [Fact]
    public void TheThumbprint_IsTheSha256OfTheCanonicalJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(false);
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}";

        Assert.Equal(B64(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), new AcmeJws(key).Thumbprint());
    }

    [Fact]
    public void ASignedRequest_CarriesAlgNonceUrlAndKid_AndItsSignatureVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var body = new AcmeJws(key).Sign(new Uri("https://ca.test/new-order"), "nonce-1", new { hello = "world" }, new Uri("https://ca.test/acct/7"));

        using var jws = JsonDocument.Parse(body);
        var protectedPart = jws.RootElement.GetProperty("protected").GetString()!;
        var payloadPart = jws.RootElement.GetProperty("payload").GetString()!;
        using var header = JsonDocument.Parse(Decode(protectedPart));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("nonce-1", header.RootElement.GetProperty("nonce").GetString());
        Assert.Equal("https://ca.test/new-order", header.RootElement.GetProperty("url").GetString());
        Assert.Equal("https://ca.test/acct/7", header.RootElement.GetProperty("kid").GetString());
        Assert.False(header.RootElement.TryGetProperty("jwk", out _));
        Assert.Equal("{\"hello\":\"world\"}", Encoding.UTF8.GetString(Decode(payloadPart)));
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}"), Decode(jws.RootElement.GetProperty("signature").GetString()!),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
