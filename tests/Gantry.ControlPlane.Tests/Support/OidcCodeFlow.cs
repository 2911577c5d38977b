using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.Testing.Oidc;

namespace Gantry.ControlPlane.Tests.Support;

/// <summary>
/// The authorization code flow with PKCE as a browser and a client would run it, over plain HTTP: one cookie jar, no
/// automatic redirects (each one is followed by hand, so the test sees the provider's every answer).
/// </summary>
internal sealed partial class OidcCodeFlow : IDisposable
{
    private readonly OidcProvider _provider;
    private readonly HttpClient _backChannel;
    private readonly string _clientId;

    /// <param name="clientId">One of the provider's <see cref="OidcProviderOptions.OtherClientIds"/>; by default its first client.</param>
    public OidcCodeFlow(OidcProvider provider, string? clientId = null)
    {
        _provider = provider;
        _clientId = clientId ?? provider.ClientId;
        Browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = provider.Issuer,
        };
        _backChannel = new HttpClient { BaseAddress = provider.Issuer };
    }

    public HttpClient Browser { get; }

    public string Verifier { get; } = Base64UrlRandom();

    public string Nonce { get; } = Base64UrlRandom();

    public string State { get; } = Base64UrlRandom();

    public string Challenge => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>GET /connect/authorize as the client sends the browser there; <paramref name="pkce"/> null sends no challenge.</summary>
    public Task<HttpResponseMessage> AuthorizeAsync(string scope = "openid profile email groups", string? pkce = "S256")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = _clientId,
            ["redirect_uri"] = _provider.Options.RedirectUri.AbsoluteUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = State,
            ["nonce"] = Nonce,
        };
        if (pkce is not null)
        {
            query["code_challenge"] = pkce == "S256" ? Challenge : Verifier;
            query["code_challenge_method"] = pkce;
        }

        return Browser.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("connect/authorize", query));
    }

    /// <summary>Posts the login form <paramref name="loginPage"/> shows, as a person filling it would.</summary>
    public async Task<HttpResponseMessage> LogInAsync(HttpResponseMessage loginPage, string userName, string password)
    {
        var html = await loginPage.Content.ReadAsStringAsync();
        var returnUrl = WebUtility.HtmlDecode(ReturnUrlField().Match(html).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(returnUrl), $"no login form in: {html}");
        return await Browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = returnUrl,
            ["username"] = userName,
            ["password"] = password,
        }));
    }

    /// <summary>Follows redirects on the provider until one leaves for the client's redirect URI; returns that URI.</summary>
    public async Task<Uri> FollowToClientAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
                $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var location = new Uri(_provider.Issuer, response.Headers.Location!);
            if (location.AbsoluteUri.StartsWith(_provider.Options.RedirectUri.AbsoluteUri, StringComparison.Ordinal))
            {
                return location;
            }

            response = await Browser.GetAsync(location);
        }

        throw new InvalidOperationException("more than 5 redirects without reaching the client");
    }

    /// <summary>Signs <paramref name="user"/> in and returns the code the provider sends back to the client.</summary>
    public async Task<string> SignInForCodeAsync(OidcTestUser user, string scope = "openid profile email groups")
    {
        var loginPage = await AuthorizeAsync(scope);
        var back = await FollowToClientAsync(await LogInAsync(loginPage, user.UserName, user.Password));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back.Query);
        Assert.Equal(State, query["state"].ToString());
        Assert.True(query.ContainsKey("code"), $"no code in {back}");
        return query["code"].ToString();
    }

    /// <summary>The client's back-channel token request; <paramref name="secret"/> is sent as client_secret_post.</summary>
    public Task<HttpResponseMessage> RedeemAsync(string code, string? verifier = null, string? secret = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = _provider.Options.RedirectUri.AbsoluteUri,
            ["client_id"] = _clientId,
            ["code_verifier"] = verifier ?? Verifier,
        };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }

        return _backChannel.PostAsync("connect/token", new FormUrlEncodedContent(form));
    }

    /// <summary>Redeems <paramref name="code"/> and returns the token response's JSON, failing on any refusal.</summary>
    public async Task<JsonElement> RedeemForTokensAsync(string code, string? secret = null)
    {
        using var response = await RedeemAsync(code, secret: secret);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token request refused ({(int)response.StatusCode}): {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose()
    {
        Browser.Dispose();
        _backChannel.Dispose();
    }

    private static string Base64UrlRandom() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
