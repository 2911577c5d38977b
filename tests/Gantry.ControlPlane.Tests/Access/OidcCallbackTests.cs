using System.Net;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Oidc;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using Gantry.Testing.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>
/// The single sign-on callback against real providers (two OpenIddict instances registering the same client and
/// redirect URI), driven over plain HTTP: only provider A, the configured one, signs anyone in.
/// </summary>
public sealed class OidcCallbackTests : IAsyncLifetime
{
    private static readonly OidcTestUser Ada = new("u-ada", "ada", "ada's long password", "ada@example.test", "Ada Owner", ["gantry-owners"]);

    private readonly ReservedPort _adminPort = ReservedPort.Take();
    private readonly CookieContainer _cookies = new();
    private OidcProvider _configured = null!;
    private OidcProvider _other = null!;
    private TestServer _server = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _configured = await OidcProvider.StartAsync(ProviderOptions() with { OtherClientIds = ["another-app"] });
        _other = await OidcProvider.StartAsync(ProviderOptions());
        _server = await TestServer.StartAsync(configure: o => o with
        {
            AdminPort = _adminPort.Number,
            Oidc = new OidcOptions(_configured.Issuer, _configured.ClientId) { OwnerGroup = "gantry-owners" },
        });
        _browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = _server.Server.AdminUrl };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
        await _other.DisposeAsync();
        await _configured.DisposeAsync();
        _adminPort.Dispose();
    }

    [Fact]
    public async Task SigningInAtTheConfiguredProvider_OpensTheConsole_AsAnOwnerFromTheOwnerGroup()
    {
        var callback = await AuthenticateAtAsync(_configured);

        using var answer = await _browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("url=/apps/shop", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/")).StatusCode);
        var ada = Assert.Single(await UsersAsync(), u => u.Name == "ada");
        Assert.Equal(("owner", false), (ada.Role, ada.HasPassword));
    }

    [Fact]
    public async Task ACodeFromAnotherProvider_WithTheSameClientAndRedirect_IsRefused_AndSignsNobodyIn()
    {
        var callback = await AuthenticateAtAsync(_other);

        using var answer = await _browser.GetAsync(callback);

        await AssertRefusedAsync(answer, "Single sign-on failed: Message contains error: 'invalid_grant'");
    }

    [Fact]
    public async Task AnIdTokenOfAnotherProvider_PostedToTheCallback_FailsValidation_AndSignsNobodyIn()
    {
        // A whole sign-in at the other provider, for the same client: its id_token is genuine, but not A's.
        using var atOther = new OidcCodeFlow(_other);
        var idToken = (await atOther.RedeemForTokensAsync(await atOther.SignInForCodeAsync(Ada))).GetProperty("id_token").GetString()!;
        var state = QueryHelpers.ParseQuery((await ChallengeAsync()).Query)["state"].ToString();

        using var answer = await _browser.PostAsync("signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["state"] = state,
            ["code"] = "unused",
            ["id_token"] = idToken,
        }));

        await AssertRefusedAsync(answer, "Single sign-on failed: IDX");
    }

    [Fact]
    public async Task AnIdTokenOfTheConfiguredProvider_ForAnotherClient_FailsOnItsAudience_AndSignsNobodyIn()
    {
        using var forAnotherApp = new OidcCodeFlow(_configured, "another-app");
        var idToken = (await forAnotherApp.RedeemForTokensAsync(await forAnotherApp.SignInForCodeAsync(Ada))).GetProperty("id_token").GetString()!;
        var state = QueryHelpers.ParseQuery((await ChallengeAsync()).Query)["state"].ToString();

        using var answer = await _browser.PostAsync("signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["state"] = state,
            ["code"] = "unused",
            ["id_token"] = idToken,
        }));

        await AssertRefusedAsync(answer, "IDX10214");
    }

    [Fact]
    public async Task ACodeIssuedToAnotherClient_OfTheConfiguredProvider_IsRefused()
    {
        var request = await ChallengeAsync();
        var query = QueryHelpers.ParseQuery(request.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["client_id"] = "another-app";
        using var flow = new OidcCodeFlow(_configured, "another-app");
        var loginPage = await flow.Browser.GetAsync(QueryHelpers.AddQueryString("connect/authorize", query));
        var callback = await flow.FollowToClientAsync(await flow.LogInAsync(loginPage, Ada.UserName, Ada.Password));

        using var answer = await _browser.GetAsync(callback);

        await AssertRefusedAsync(answer, "Single sign-on failed: Message contains error: 'invalid_grant'");
    }

    /// <summary>Gantry's challenge: the redirect to the configured provider, with the correlation and nonce cookies set.</summary>
    private async Task<Uri> ChallengeAsync()
    {
        using var challenge = await _browser.GetAsync("signin/oidc?returnUrl=%2Fapps%2Fshop");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.StartsWith(_configured.Issuer.AbsoluteUri, location.AbsoluteUri, StringComparison.Ordinal);
        return location;
    }

    /// <summary>Takes Gantry's authorization request to <paramref name="provider"/>, signs Ada in there, and returns the redirect to Gantry.</summary>
    private async Task<Uri> AuthenticateAtAsync(OidcProvider provider)
    {
        var request = await ChallengeAsync();
        using var flow = new OidcCodeFlow(provider);
        var loginPage = await flow.Browser.GetAsync("connect/authorize" + request.Query);
        var callback = await flow.FollowToClientAsync(await flow.LogInAsync(loginPage, Ada.UserName, Ada.Password));
        Assert.StartsWith($"{_server.Server.AdminUrl.AbsoluteUri.TrimEnd('/')}/signin-oidc?", callback.AbsoluteUri, StringComparison.Ordinal);
        return callback;
    }

    private async Task AssertRefusedAsync(HttpResponseMessage answer, string reason)
    {
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!.OriginalString;
        Assert.StartsWith("/signin?error=", location, StringComparison.Ordinal);
        Assert.DoesNotContain(_cookies.GetAllCookies(), c => c.Name == "gantry_console");
        Assert.Contains(reason, WebUtility.HtmlDecode(await _browser.GetStringAsync(location)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await _browser.GetAsync("/")).StatusCode);
        Assert.DoesNotContain(await UsersAsync(), u => u.Name == "ada");
    }

    private async Task<UserInfo[]> UsersAsync() => (await _server.Admin.GetFromJsonAsync<UserInfo[]>("api/v1/users"))!;

    private OidcProviderOptions ProviderOptions() => new()
    {
        ClientId = "gantry-console",
        RedirectUri = new Uri($"http://127.0.0.1:{_adminPort.Number}/signin-oidc"),
        Users = [Ada],
    };
}
