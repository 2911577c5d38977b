using System.Net;
using System.Text.Json;
using Gantry.Testing.Oidc;
using Microsoft.IdentityModel.Tokens;
using static Gantry.ControlPlane.Tests.Support.OidcTokenChecks;

namespace Gantry.ControlPlane.Tests.Support;

/// <summary>The test OpenID Connect provider behaves as a standard one, driven by plain HTTP as a client and a browser would.</summary>
public sealed class OidcProviderTests
{
    private static readonly OidcTestUser Ada = new("u-ada", "ada", "correct horse", "ada@example.test", "Ada Lovelace", ["admins", "developers"]);
    private static readonly OidcTestUser Bob = new("u-bob", "bob", "battery staple", "bob@example.test", "Bob Builder", ["viewers"]);

    [Fact]
    public async Task Discovery_NamesItsIssuerAndLoopbackEndpoints_AndOffersOnlyS256()
    {
        await using var provider = await OidcProvider.StartAsync(Options());
        using var http = new HttpClient();

        var discovery = await GetJsonAsync(http, provider.DiscoveryUrl);

        Assert.Equal(provider.Issuer.AbsoluteUri, discovery.GetProperty("issuer").GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint" })
        {
            var uri = new Uri(discovery.GetProperty(endpoint).GetString()!);
            Assert.Equal(("http", "127.0.0.1", provider.Issuer.Port), (uri.Scheme, uri.Host, uri.Port));
        }

        Assert.Equal(["S256"], Strings(discovery.GetProperty("code_challenge_methods_supported")));
        Assert.Contains("RS256", Strings(discovery.GetProperty("id_token_signing_alg_values_supported")));
        Assert.Contains("groups", Strings(discovery.GetProperty("scopes_supported")));
        Assert.Contains("authorization_code", Strings(discovery.GetProperty("grant_types_supported")));
    }

    [Fact]
    public async Task CodeFlowWithPkce_SignsInOnTheForm_AndIssuesAnIdTokenThatValidatesAgainstTheJwks()
    {
        await using var provider = await OidcProvider.StartAsync(Options());
        using var flow = new OidcCodeFlow(provider);

        var loginPage = await flow.AuthorizeAsync();
        Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);
        var html = await loginPage.Content.ReadAsStringAsync();
        Assert.All(["id=\"username\"", "id=\"password\"", "id=\"login\""], id => Assert.Contains(id, html, StringComparison.Ordinal));
        var code = await flow.SignInForCodeAsync(Ada);
        var tokens = await flow.RedeemForTokensAsync(code);

        var idToken = await ValidateAsync(provider, tokens.GetProperty("id_token").GetString()!, keysFrom: provider);
        Assert.True(idToken.IsValid, idToken.Exception?.Message);
        var claims = idToken.Claims;
        Assert.Equal(("u-ada", "Ada Lovelace", "ada", "ada@example.test", flow.Nonce),
            (claims["sub"], claims["name"], claims["preferred_username"], claims["email"], claims["nonce"]));
        Assert.Equal(["admins", "developers"], GroupsOf(tokens.GetProperty("id_token").GetString()!));

        // Userinfo answers for the access token with the same claims, groups as an array.
        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, "connect/userinfo");
        userInfoRequest.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        var userInfo = JsonDocument.Parse(await (await flow.Browser.SendAsync(userInfoRequest)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("u-ada", "ada@example.test"), (userInfo.GetProperty("sub").GetString(), userInfo.GetProperty("email").GetString()));
        Assert.Equal(["admins", "developers"], Strings(userInfo.GetProperty("groups")));

        // A code is good once.
        using var replay = await flow.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    [Fact]
    public async Task ConfidentialClient_MustSendItsSecret_AndGetsGroupsAsAnArrayEvenForOneGroup()
    {
        await using var provider = await OidcProvider.StartAsync(Options() with { ClientSecret = "s3cret" });
        using var flow = new OidcCodeFlow(provider);
        var code = await flow.SignInForCodeAsync(Bob);

        using var withoutSecret = await flow.RedeemAsync(code);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutSecret.StatusCode);
        Assert.Equal("invalid_client", await ErrorOfAsync(withoutSecret));
        var tokens = await flow.RedeemForTokensAsync(code, secret: "s3cret");

        Assert.Equal(["viewers"], GroupsOf(tokens.GetProperty("id_token").GetString()!));
    }

    [Fact]
    public async Task WrongPassword_ShowsTheFormAgainWithAnError_AndNoCode()
    {
        await using var provider = await OidcProvider.StartAsync(Options());
        using var flow = new OidcCodeFlow(provider);

        using var answer = await flow.LogInAsync(await flow.AuthorizeAsync(), "ada", "wrong");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", html, StringComparison.Ordinal);

        // Nor is the browser signed in: the authorization request still shows the form.
        Assert.Contains("id=\"login\"", await (await flow.AuthorizeAsync()).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequest_WithTheWrongCodeVerifier_IsRefusedAsInvalidGrant()
    {
        await using var provider = await OidcProvider.StartAsync(Options());
        using var flow = new OidcCodeFlow(provider);
        var code = await flow.SignInForCodeAsync(Ada);

        using var refused = await flow.RedeemAsync(code, verifier: flow.Verifier.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOfAsync(refused));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("plain")]
    public async Task Authorize_WithoutAnS256Challenge_IsRefusedWithoutACode(string? method)
    {
        await using var provider = await OidcProvider.StartAsync(Options());
        using var flow = new OidcCodeFlow(provider);

        using var answer = await flow.AuthorizeAsync(pkce: method);

        // Refused at the provider (an unsupported method is caught before the client is known) or sent back with an
        // error; never a login form, never a code.
        var refusal = answer.StatusCode == HttpStatusCode.BadRequest
            ? await answer.Content.ReadAsStringAsync()
            : (await flow.FollowToClientAsync(answer)).Query;
        Assert.Contains("invalid_request", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdToken_FromOneProvider_DoesNotValidateAtAnother()
    {
        await using var first = await OidcProvider.StartAsync(Options());
        await using var second = await OidcProvider.StartAsync(Options());
        using var flow = new OidcCodeFlow(first);
        var idToken = (await flow.RedeemForTokensAsync(await flow.SignInForCodeAsync(Ada))).GetProperty("id_token").GetString()!;

        Assert.NotEqual(first.Issuer, second.Issuer);
        Assert.True((await ValidateAsync(first, idToken, keysFrom: first)).IsValid);
        var atSecond = await ValidateAsync(second, idToken, keysFrom: second);
        Assert.False(atSecond.IsValid);
        var secondKeysOnly = await ValidateAsync(first, idToken, keysFrom: second);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(secondKeysOnly.Exception);
    }

    [Fact]
    public async Task EndSession_SignsOutAtTheProvider_AndReturnsToTheClient()
    {
        await using var provider = await OidcProvider.StartAsync(Options());
        using var flow = new OidcCodeFlow(provider);
        await flow.SignInForCodeAsync(Ada);
        Assert.Equal(HttpStatusCode.Found, (await flow.AuthorizeAsync()).StatusCode);

        var logout = $"connect/endsession?client_id={provider.ClientId}&post_logout_redirect_uri={Uri.EscapeDataString(provider.Options.PostLogoutRedirectUri!.AbsoluteUri)}";
        using var answer = await flow.Browser.GetAsync(logout);

        Assert.Equal(provider.Options.PostLogoutRedirectUri, answer.Headers.Location);
        Assert.Contains("id=\"login\"", await (await flow.AuthorizeAsync()).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The redirect URIs are never reached: the tests stop at the redirect to them.</summary>
    private static OidcProviderOptions Options() => new()
    {
        ClientId = "gantry-console",
        RedirectUri = new Uri("http://127.0.0.1:9/signin-oidc"),
        PostLogoutRedirectUri = new Uri("http://127.0.0.1:9/signout-callback-oidc"),
        Users = [Ada, Bob],
    };
}
