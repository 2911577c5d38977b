using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>
/// A CLI signing in through the console (gantry login --web, RFC 8252 with PKCE), against a real server: a signed-in
/// user confirms, the browser is sent to the CLI's loopback address with a one-time code, and the code is worth a
/// token of that user only with the verifier, once.
/// </summary>
public sealed class CliSignInTests : IAsyncLifetime
{
    private const int CliPort = 45123;
    private readonly string _verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
    private readonly string _state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
    private TestServer _server = null!;
    private ConsoleBrowser _browser = null!;

    private string Challenge => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(_verifier)));

    private string Link => $"signin/cli?port={CliPort}&state={_state}&challenge={Challenge}";

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _browser = new ConsoleBrowser(_server.Server.AdminUrl);
        await AccessClient.AddTeamAsync(_server, "web");
        await AccessClient.AddUserAsync(_server, "ana", "deployer", team: "web");
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ASignedInUserConfirms_TheCliGetsACode_WorthTheUsersTokenOnlyWithTheVerifier_Once()
    {
        await _browser.SignInAsUserAsync("ana", AccessClient.Password);
        var page = await _browser.Http.GetStringAsync(Link);
        Assert.Contains("Sign in the CLI as ana", page, StringComparison.Ordinal);

        var code = await ConfirmAsync();
        using var anonymous = new HttpClient { BaseAddress = _server.Server.AdminUrl };
        var redeemed = await anonymous.PostAsJsonAsync("api/v1/sessions/cli", new CliSignInRequest(code, _verifier));
        Assert.True(redeemed.StatusCode == HttpStatusCode.Created, $"{(int)redeemed.StatusCode} {await redeemed.Content.ReadAsStringAsync()}");
        var signedIn = (await redeemed.Content.ReadFromJsonAsync<SignedIn>(JsonSerializerOptions.Web))!;
        Assert.Equal("ana", signedIn.User);
        Assert.Equal(["team:web:deployer"], signedIn.Scopes);
        using var cli = AccessClient.WithToken(_server, signedIn.Token);
        var me = await cli.GetFromJsonAsync<CallerInfo>("api/v1/me", JsonSerializerOptions.Web);
        Assert.Equal(("ana", "ana"), (me!.Name, me.User));

        // Once only; a wrong verifier gets nothing and uses the code up.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("api/v1/sessions/cli", new CliSignInRequest(code, _verifier))).StatusCode);
        var second = await ConfirmAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("api/v1/sessions/cli", new CliSignInRequest(second, "not-the-verifier"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("api/v1/sessions/cli", new CliSignInRequest(second, _verifier))).StatusCode);
        var missing = await anonymous.PostAsJsonAsync("api/v1/sessions/cli", new CliSignInRequest(null, _verifier));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("code:", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Audited under ana's name; neither code is ever in the log.
        var audit = await _server.Admin.GetStringAsync("api/v1/audit");
        Assert.Contains("console: CLI sign-in", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(code, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(second, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(_verifier, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkNotFromTheCli_NoSession_OrATokensSession_SignsNoCliIn()
    {
        // Without a session: to the sign-in form, which comes back to the link.
        var unsigned = await _browser.Http.GetAsync(Link);
        Assert.Equal(HttpStatusCode.Redirect, unsigned.StatusCode);
        Assert.Equal("/signin?returnUrl=" + Uri.EscapeDataString("/" + Link), unsigned.Headers.Location!.PathAndQuery);

        await _browser.SignInAsUserAsync("ana", AccessClient.Password);
        foreach (var (link, problem) in new[]
        {
            ($"signin/cli?port=80&state={_state}&challenge={Challenge}", "port must be the CLI"),
            ($"signin/cli?port={CliPort}&state={_state}&challenge=plain", "challenge must be an S256 PKCE challenge"),
            ($"signin/cli?port={CliPort}&challenge={Challenge}", "its state is missing or malformed"),
        })
        {
            var page = await _browser.Http.GetStringAsync(link);
            Assert.Contains(problem, page, StringComparison.Ordinal);
            Assert.DoesNotContain("cli-signin-confirm", page, StringComparison.Ordinal);
        }

        // A session opened with a token has no user to hand the CLI.
        using var tokenSession = new ConsoleBrowser(_server.Server.AdminUrl);
        var signedIn = await tokenSession.SignInAsync(new Dictionary<string, string> { ["Input.Token"] = File.ReadAllText(Path.Combine(_server.DataPath, "admin-token")).Trim() });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("opened with a token, not as a user", await tokenSession.Http.GetStringAsync(Link), StringComparison.Ordinal);
        var confirmed = await tokenSession.PostFormAsync(Link, "cli-signin", new Dictionary<string, string>());
        Assert.NotEqual(HttpStatusCode.Redirect, confirmed.StatusCode);
    }

    /// <summary>Confirms on the page; the console redirects to the CLI's loopback callback with the state and a code.</summary>
    private async Task<string> ConfirmAsync()
    {
        var response = await _browser.PostFormAsync(Link, "cli-signin", new Dictionary<string, string>());
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var callback = response.Headers.Location!;
        Assert.Equal(($"http://127.0.0.1:{CliPort}/callback"), callback.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal(_state, query["state"]);
        return query["code"]!;
    }
}
