using System.Net;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The console's session against a real server: what the cookie opens, and what it must never open.</summary>
public sealed class ConsoleSessionTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private ConsoleBrowser _console = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _console = new ConsoleBrowser(_server.Server.AdminUrl);
    }

    public async Task DisposeAsync()
    {
        _console.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ConsolePages_WithoutASession_RedirectToSignIn_KeepingWhereTheUserWasGoing()
    {
        var response = await _console.Http.GetAsync("apps/shop");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fapps%2Fshop", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AWrongToken_IsASignInError_AndSetsNoSession()
    {
        var response = await SignInAsync("not-the-token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("That token is not valid", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await _console.Http.GetAsync("/")).StatusCode);
        var entry = Assert.Single(await _server.Admin.GetFromJsonAsync<List<Gantry.ControlPlane.Api.Contracts.AuditEntryInfo>>("api/v1/audit") ?? []);
        Assert.Equal(("console: sign-in", "unknown", "refused: not a valid token", "127.0.0.1"), (entry.Action, entry.Actor, entry.Outcome, entry.Address));
        Assert.DoesNotContain("not-the-token", entry.Summary + entry.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenForDeployingOneWorkload_CannotSignIn_ItIsForCi()
    {
        using var apps = new Gantry.Testing.TempDirectory("gantry-console-ci");
        await _server.DeployAndWaitAsync(new Gantry.Testing.NodeApp(Name: "shop"), apps.Combine("shop"));
        var created = await _server.Admin.PostAsJsonAsync("api/v1/tokens", new Gantry.ControlPlane.Api.Contracts.CreateTokenRequest("ci", "deployer", App: "shop", Workload: "web"));
        var token = (await created.Content.ReadFromJsonAsync<Gantry.ControlPlane.Api.Contracts.TokenCreated>())!.Token;

        var response = await SignInAsync(token);

        Assert.Contains("a token for deploying one workload is for CI", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await _console.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task TheSessionCookie_OpensTheConsole_ButNeverTheApi()
    {
        var signedIn = await SignInAsync(AdminToken());

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("gantry_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(AdminToken(), cookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _console.Http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _console.Http.GetAsync("api/v1/apps")).StatusCode);
        var entries = await _server.Admin.GetFromJsonAsync<List<Gantry.ControlPlane.Api.Contracts.AuditEntryInfo>>("api/v1/audit") ?? [];
        Assert.Contains(entries, e => (e.Action, e.Actor, e.Outcome) == ("console: sign-in", "admin", "done") && e.Client.StartsWith("console", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheNotificationsPage_ListsDestinations_WithoutTheirTokens()
    {
        var added = await _server.Admin.PutAsJsonAsync("api/v1/notifications/ops-chat", new Gantry.ControlPlane.Api.Contracts.NotificationDestinationRequest(Discord: "https://discord.example/api/webhooks/1/Tok3nInPath"));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        await SignInAsync(AdminToken());

        var page = await _console.Http.GetStringAsync("notifications");

        Assert.Contains("data-destination=\"ops-chat\"", page, StringComparison.Ordinal);
        Assert.Contains("https://discord.example/", page, StringComparison.Ordinal);
        Assert.Contains("No failed deliveries.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Tok3nInPath", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJobsPage_ListsEveryAppsJobs_AndTheirRuns()
    {
        using var apps = new Gantry.Testing.TempDirectory("gantry-console-jobs");
        var app = await Jobs.JobApp.DeployAsync(_server, apps.Path, """
            - name: report
              workload: web
              schedule: "0 3 * * *"
              timeZone: Asia/Seoul
              command: ["sh", "-c", "exit 4"]
            """);
        var run = await app.EndedAsync("report", (await app.RunNowAsync("report")).Id);
        await SignInAsync(AdminToken());

        var page = await _console.Http.GetStringAsync("jobs");

        Assert.Contains("data-job=\"cron/report\"", page, StringComparison.Ordinal);
        Assert.Contains("0 3 * * *</code> (Asia/Seoul)", page, StringComparison.Ordinal);
        Assert.Contains($"data-run=\"{run.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("exited with exit code 4", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused_AndTheSessionStays()
    {
        await SignInAsync(AdminToken());

        var forged = await _console.Http.PostAsync("signout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _console.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ReplacingTheToken_EndsTheSessionsMadeWithIt()
    {
        await SignInAsync(AdminToken());
        Assert.Equal(HttpStatusCode.OK, (await _console.Http.GetAsync("/")).StatusCode);

        await _server.Server.Services.GetRequiredService<ApiTokenRegistry>().RegisterAsync("admin", "a-new-token", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Redirect, (await _console.Http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AUser_SignsInWithAPassword_UntilTheirPasswordChanges_AndAUserWithoutARoleIsRefused()
    {
        await Access.AccessClient.AddUserAsync(_server, "olga", "owner");
        await Access.AccessClient.AddTeamAsync(_server, "empty");
        await Access.AccessClient.AddUserAsync(_server, "dev", "deployer", team: "empty");
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/teams/empty/members/dev")).StatusCode);

        var wrong = await SignInFormAsync(new() { ["Input.User"] = "olga", ["Input.Password"] = "not her password" });
        Assert.Contains("That user name and password do not match", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refused = await SignInFormAsync(new() { ["Input.User"] = "dev", ["Input.Password"] = Access.AccessClient.Password });
        Assert.Contains("That is user 'dev' (no role): it has no role yet", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await _console.Http.GetAsync("/")).StatusCode);

        var signedIn = await SignInFormAsync(new() { ["Input.User"] = "olga", ["Input.Password"] = Access.AccessClient.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var overview = await _console.Http.GetStringAsync("/");
        Assert.Contains("href=\"/tokens\"", overview, StringComparison.Ordinal);
        Assert.Contains("href=\"/people\"", overview, StringComparison.Ordinal);
        foreach (var (page, control) in new[] { ("/tokens", "create-token"), ("/people", "add-user"), ("/teams", "create-team"), ("/domains", "upload-certificate"), ("/environments", "save-target"), ("/account", "change-password") })
        {
            // Each page through the console's own router and layout, as a browser first gets it.
            Assert.Contains($"id=\"{control}\"", await _console.Http.GetStringAsync(page), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Access.AccessClient.Password, string.Join(";", _console.Cookies.GetAllCookies().Select(c => c.Value)), StringComparison.Ordinal);

        // A new password ends the session the old one opened.
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.PutAsJsonAsync("api/v1/users/olga/password", new Gantry.ControlPlane.Api.Contracts.SetPasswordRequest("a brand new password"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await _console.Http.GetAsync("/")).StatusCode);
    }

    private string AdminToken() => File.ReadAllText(Path.Combine(_server.DataPath, "admin-token")).Trim();

    /// <summary>Posts the sign-in form as a browser would: with the antiforgery token the page carries.</summary>
    private Task<HttpResponseMessage> SignInAsync(string token) => SignInFormAsync(new() { ["Input.Token"] = token });

    private Task<HttpResponseMessage> SignInFormAsync(Dictionary<string, string> fields) => _console.SignInAsync(fields);
}
