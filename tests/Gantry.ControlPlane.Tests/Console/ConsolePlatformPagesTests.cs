using System.Net;
using Bunit;
using OtpNet;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Pages;
using Gantry.ControlPlane.Tests.Access;
using Gantry.ControlPlane.Tests.Support;
using static Gantry.ControlPlane.Tests.Console.ConsolePages;
using EnvironmentsPage = Gantry.ControlPlane.Console.Pages.Environments;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>
/// The console's platform pages (tokens, people, teams, domains, environments) against a real server: each role is
/// offered what it may do and nothing else, each change reaches the same services as the API, is checked again when
/// it runs and is audited under the user's name, and no secret reaches the audit log.
/// </summary>
public sealed class ConsolePlatformPagesTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await AccessClient.AddTeamAsync(_server, "web");
        await AccessClient.AddUserAsync(_server, "olive", "owner");
        await AccessClient.AddUserAsync(_server, "adam", "admin");
        await AccessClient.AddUserAsync(_server, "vic", "viewer");
        await AccessClient.AddUserAsync(_server, "dee", "deployer", team: "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheTokensPage_MakesATokenShownOnce_ThatCarriesItsScope_AndRevokesIt()
    {
        using var pages = new ConsolePages(_server, "olive");
        var page = pages.Open<Tokens>();
        Type(page, "#token-name", "ci-web");
        Type(page, "#token-role", "deployer");
        Type(page, "#token-team", "web");
        Type(page, "#token-days", "30");

        Assert.Equal("Made token 'ci-web'.", await SubmitAsync(page, "#create-token"));
        var token = page.Find("#new-token").TextContent;
        Assert.Contains("deployer of team web", page.Find("[data-token='ci-web']").TextContent, StringComparison.Ordinal);
        using var ci = AccessClient.WithToken(_server, token);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("api/v1/apps")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.GetAsync("api/v1/tokens")).StatusCode);

        // Bad input is named by its field; the admin's own token is not offered for revoking.
        Type(page, "#token-days", "soon");
        Assert.StartsWith("expires: 'soon'", await SubmitAsync(page, "#create-token"), StringComparison.Ordinal);
        Type(page, "#token-days", "");
        Type(page, "#token-name", "ci-web");
        Assert.StartsWith("name: a token named 'ci-web' exists", await SubmitAsync(page, "#create-token"), StringComparison.Ordinal);
        Assert.Empty(page.Find("[data-token='admin']").QuerySelectorAll("button"));

        Assert.StartsWith("Revoked token 'ci-web'", await ClickAsync(page, "[data-token='ci-web']", "Revoke"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ci.GetAsync("api/v1/apps")).StatusCode);

        var audit = await AuditAsync(_server);
        Assert.Contains(audit, e => e.Action == "console: create token" && e.Actor == "olive" && e.Summary.Contains("\"team\":\"web\"", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "console: create token" && e.Outcome.StartsWith("refused: name: a token named", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "console: revoke token" && e.Actor == "olive");
        Assert.DoesNotContain(audit, e => e.Summary.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePeopleAndTeamsPages_AddAUserWhoCanSignIn_SetTheirTeamRole_AndRemoveThem()
    {
        const string Password = "nia's own passphrase";
        using var pages = new ConsolePages(_server, "olive");
        var people = pages.Open<People>();
        Type(people, "#user-name", "nia");
        Type(people, "#user-password", Password);
        Type(people, "#user-role", "viewer");
        Assert.Equal("Added user 'nia'.", await SubmitAsync(people, "#add-user"));
        Assert.Equal("nia", (await AccessClient.SignInAsync(_server, "nia", Password)).User);
        Assert.Contains("viewer", people.Find("[data-user='nia']").TextContent, StringComparison.Ordinal);
        Type(people, "#password-user", "nia");
        Type(people, "#password-new", Password + " again");
        Assert.Equal("nia's password is set; their console sessions have ended.", await SubmitAsync(people, "#set-password"));
        Assert.Equal("nia", (await AccessClient.SignInAsync(_server, "nia", Password + " again")).User);
        Assert.Equal("'nia' has no second factor", await ClickAsync(people, "[data-user='nia']", "Reset second factor"));

        Type(people, "#user-name", "nia");
        Type(people, "#user-email", "not an address");
        Assert.StartsWith("email: 'not an address' is not an e-mail address", await SubmitAsync(people, "#add-user"), StringComparison.Ordinal);
        Assert.Equal("you cannot remove yourself; another owner can", await ClickAsync(people, "[data-user='olive']", "Remove"));

        var teams = pages.Open<Teams>();
        Type(teams, "#team-name", "data");
        Assert.Equal("Made team 'data'.", await SubmitAsync(teams, "#create-team"));
        Type(teams, "#member-user", "nia");
        Type(teams, "#member-team", "data");
        Type(teams, "#member-role", "deployer");
        Assert.Equal("nia is deployer in team data.", await SubmitAsync(teams, "#set-member"));
        Assert.Contains("nia (deployer)", teams.Find("[data-team='data']").TextContent, StringComparison.Ordinal);
        Type(teams, "#member-team", "nowhere");
        Assert.Equal("team: there is no team 'nowhere'", await SubmitAsync(teams, "#set-member"));
        Assert.Equal("nia is not in team data any more.", await ClickAsync(teams, "[data-team='data']", "✕"));
        Assert.Equal("Removed team 'data'; its apps belong to no team now.", await ClickAsync(teams, "[data-team='data']", "Remove"));
        Assert.Empty(teams.FindAll("[data-team='data']"));

        people = pages.Open<People>();
        Assert.StartsWith("Removed user 'nia'", await ClickAsync(people, "[data-user='nia']", "Remove"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccessClient.TrySignInAsync(_server, "nia", Password + " again")).StatusCode);

        var audit = await AuditAsync(_server);
        Assert.Contains(audit, e => e.Action == "console: add user" && e.Actor == "olive" && e.Outcome != "" && !e.Outcome.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "console: set team member" && e.Summary.Contains("\"user\":\"nia\"", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Summary.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachRole_IsOfferedThePlatformPagesAndControlsItsRoleAllows_AndNoMore()
    {
        using (var admin = new ConsolePages(_server, "adam"))
        {
            var tokens = admin.Open<Tokens>();
            Assert.Contains("Tokens are the platform owners' to see.", tokens.Markup, StringComparison.Ordinal);
            Assert.Empty(tokens.FindAll("#create-token"));
            Assert.Contains("Users are the platform owners' to see.", admin.Open<People>().Markup, StringComparison.Ordinal);
            var teams = admin.Open<Teams>();
            Assert.NotEmpty(teams.FindAll("[data-team='web']"));
            Assert.Empty(teams.FindAll("#create-team"));
            Assert.NotEmpty(admin.Open<Domains>().FindAll("#upload-certificate"));
            Assert.NotEmpty(admin.Open<EnvironmentsPage>().FindAll("#save-target"));
        }

        using (var viewer = new ConsolePages(_server, "vic"))
        {
            var domains = viewer.Open<Domains>();
            Assert.NotEmpty(domains.FindAll("table.certificates"));
            Assert.Empty(domains.FindAll("#upload-certificate"));
            Assert.Empty(viewer.Open<EnvironmentsPage>().FindAll("#save-target, #save-environment"));
        }

        using var deployer = new ConsolePages(_server, "dee");
        Assert.Contains("for the platform's roles to see", deployer.Open<Domains>().Markup, StringComparison.Ordinal);
        Assert.Contains("for the platform's roles to see", deployer.Open<EnvironmentsPage>().Markup, StringComparison.Ordinal);
        Assert.Empty(deployer.Open<Teams>().FindAll("table.teams"));
    }

    [Fact]
    public async Task AChange_IsCheckedAgainWhenItRuns_WhateverThePageOffered()
    {
        await AccessClient.AddUserAsync(_server, "otto", "owner");
        using var pages = new ConsolePages(_server, "otto");
        var page = pages.Open<Tokens>();
        Type(page, "#token-name", "late");
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/users/otto")).StatusCode);

        Assert.Equal("Not allowed: your session has ended; sign in again.", await SubmitAsync(page, "#create-token"));
        var tokens = await _server.Admin.GetFromJsonAsync<List<TokenInfo>>("api/v1/tokens");
        Assert.DoesNotContain(tokens!, t => t.Name == "late");
        Assert.Contains(await AuditAsync(_server), e => e.Action == "console: create token" && e.Actor == "otto" && e.Outcome.StartsWith("refused: your session has ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDomainsPage_UploadsACertificate_ListsIt_AndRemovesIt_WithoutItsKeyInTheAuditLog()
    {
        var upload = Api.AdminApiFixture.SelfSignedFor("shop.example.com");
        using var pages = new ConsolePages(_server, "adam");
        var page = pages.Open<Domains>();

        Type(page, "#certificate-pem", upload.Certificate!);
        Type(page, "#key-pem", "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----");
        Assert.DoesNotContain("Uploaded", await SubmitAsync(page, "#upload-certificate"), StringComparison.Ordinal);
        Type(page, "#key-pem", upload.Key!);
        var uploaded = await SubmitAsync(page, "#upload-certificate");
        Assert.Matches("^Uploaded certificate [0-9]+ for shop.example.com: served from now on.$", uploaded);
        var id = uploaded.Split(' ')[2];
        Assert.Contains("upload", page.Find($"[data-certificate='{id}']").TextContent, StringComparison.Ordinal);
        Assert.Contains(await _server.Admin.GetFromJsonAsync<List<CertificateInfo>>("api/v1/certificates") ?? [], c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == id);

        Assert.Equal($"Removed certificate {id}.", await ClickAsync(page, $"[data-certificate='{id}']", "Remove"));
        Assert.Empty(page.FindAll($"[data-certificate='{id}']"));
        var audit = await AuditAsync(_server);
        Assert.Contains(audit, e => e.Action == "console: upload certificate" && e.Actor == "adam");
        var keyLine = upload.Key!.Split('\n')[1];
        Assert.DoesNotContain(audit, e => e.Summary.Contains(keyLine, StringComparison.Ordinal) || e.Outcome.Contains(keyLine, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAccountPage_ChangesTheUsersOwnPassword_AndTurnsTheirSecondFactorOnAndOff()
    {
        const string NewPassword = "pat's brand new passphrase";
        await AccessClient.AddUserAsync(_server, "pat", "viewer");
        using var pages = new ConsolePages(_server, "pat");
        var page = pages.Open<Account>();
        Assert.Contains("Signed in as pat.", page.Find("#account-who").TextContent, StringComparison.Ordinal);

        Assert.Equal("Put the secret in your authenticator app, then type the code it shows.", await ClickAsync(page, "Set up a second factor"));
        var totp = new Totp(Base32Encoding.ToBytes(page.Find("#totp-secret").TextContent));
        Type(page, "#totp-code", "000000" == totp.ComputeTotp(DateTime.UtcNow) ? "111111" : "000000");
        Assert.StartsWith("code: that is not the current code", await SubmitAsync(page, "#confirm-totp"), StringComparison.Ordinal);
        Type(page, "#totp-code", totp.ComputeTotp(DateTime.UtcNow));
        Assert.Equal("Your second factor is on.", await SubmitAsync(page, "#confirm-totp"));
        Assert.Contains("code: this user signs in with a second factor", await (await AccessClient.TrySignInAsync(_server, "pat", AccessClient.Password)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Your second factor is off.", await ClickAsync(page, "Turn off"));

        Type(page, "#current-password", "not my password");
        Type(page, "#new-password", NewPassword);
        Assert.Equal("currentPassword: that is not your current password", await SubmitAsync(page, "#change-password"));
        Type(page, "#current-password", AccessClient.Password);
        Type(page, "#new-password", NewPassword);
        Assert.StartsWith("Your password is changed.", await SubmitAsync(page, "#change-password"), StringComparison.Ordinal);
        Assert.Equal("pat", (await AccessClient.SignInAsync(_server, "pat", NewPassword)).User);

        var audit = await AuditAsync(_server);
        Assert.Contains(audit, e => e.Action == "console: change own password" && e.Actor == "pat" && e.Outcome.StartsWith("refused: currentPassword", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, e => e.Summary.Contains(NewPassword, StringComparison.Ordinal) || e.Summary.Contains(AccessClient.Password, StringComparison.Ordinal));
    }
}
