using System.Text.Json;
using Gantry.Testing.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.ControlPlane.Tests.Support;

/// <summary>What a relying party checks in the test provider's tokens, done as one would: keys from the JWKS in discovery.</summary>
internal static class OidcTokenChecks
{
    /// <summary>Validates <paramref name="token"/> with the JWKS of <paramref name="keysFrom"/>, the issuer and audience of <paramref name="issuer"/>.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(OidcProvider issuer, string token, OidcProvider keysFrom)
    {
        using var http = new HttpClient();
        var jwksUri = (await GetJsonAsync(http, keysFrom.DiscoveryUrl)).GetProperty("jwks_uri").GetString()!;
        var keys = new JsonWebKeySet(await http.GetStringAsync(jwksUri)).GetSigningKeys();
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer.AbsoluteUri,
            ValidAudience = issuer.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
    }

    /// <summary>The raw <c>groups</c> of a token's payload, which must be a JSON array.</summary>
    public static string[] GroupsOf(string token)
    {
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(new JsonWebToken(token).EncodedPayload)).RootElement;
        var groups = payload.GetProperty("groups");
        Assert.Equal(JsonValueKind.Array, groups.ValueKind);
        return Strings(groups);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient http, Uri uri) =>
        JsonDocument.Parse(await http.GetStringAsync(uri)).RootElement.Clone();

    /// <summary>The OAuth <c>error</c> of a refused request.</summary>
    public static async Task<string?> ErrorOfAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
