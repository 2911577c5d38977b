using System.Net;
using System.Security.Claims;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Tests.Access;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>
/// The console for each role, against a real server: a team's members see the team's apps only, and are offered
/// only what their role may do; the check behind every console change refuses the rest regardless of the page.
/// </summary>
public sealed class ConsoleRolesTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new("gantry-console-roles");
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.DeployAndWaitAsync(new NodeApp(Name: "shop"), _apps.Combine("shop"));
        await _server.DeployAndWaitAsync(new NodeApp(Name: "blog"), _apps.Combine("blog"));
        await AccessClient.AddTeamAsync(_server, "web");
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.PutAsJsonAsync("api/v1/apps/shop/team", new SetAppTeamRequest("web"))).StatusCode);
        await AccessClient.AddUserAsync(_server, "ana", "deployer", team: "web");
        await AccessClient.AddUserAsync(_server, "vic", "viewer", team: "web");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task ATeamDeployer_SeesTheTeamsAppsOnly_AndIsOfferedWhatADeployerMayDo()
    {
        using var ana = await SignedInBrowserAsync("ana");

        var overview = await ana.GetStringAsync("/");
        Assert.Contains("data-app=\"shop\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("data-app=\"blog\"", overview, StringComparison.Ordinal);
        Assert.Contains("ana · deployer in web", WebUtility.HtmlDecode(overview), StringComparison.Ordinal);
        Assert.Contains("href=\"/deploy\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/notifications\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/tokens\"", overview, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/domains\"", overview, StringComparison.Ordinal);
        Assert.Contains("href=\"/apps/shop/clients\"", await ana.GetStringAsync("/apps/shop"), StringComparison.Ordinal);

        var shop = await ana.GetStringAsync("/apps/shop");
        Assert.Contains(">Scale</button>", shop, StringComparison.Ordinal);
        Assert.DoesNotContain("Delete shop", shop, StringComparison.Ordinal);
        Assert.Contains("You may not see app &#x27;blog&#x27;.", await ana.GetStringAsync("/apps/blog"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"blog\"", await ana.GetStringAsync("/events"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATeamViewer_IsOfferedNoChange_AndNotTheNotifications()
    {
        using var vic = await SignedInBrowserAsync("vic");

        var shop = await vic.GetStringAsync("/apps/shop");
        Assert.Contains("data-app", await vic.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain(">Scale</button>", shop, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/deploy\"", shop, StringComparison.Ordinal);
        Assert.Contains("Notifications are the platform admins", WebUtility.HtmlDecode(await vic.GetStringAsync("/notifications")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCheckBehindEveryConsoleChange_RefusesWhatTheRoleDoesNotCover_WhateverThePageShowed()
    {
        Assert.Null(await RefusalAsync("ana", "scale", Role.Deployer, "shop"));
        Assert.Equal("user 'ana' (deployer in team 'web') may not do 'delete app': that takes the admin role on app 'shop' (docs/access.md)",
            await RefusalAsync("ana", "delete app", Role.Admin, "shop"));
        Assert.Equal("user 'ana' (deployer in team 'web') may not act on app 'blog': no team owns it", await RefusalAsync("ana", "scale", Role.Deployer, "blog"));
        Assert.Contains("takes the deployer role on app 'shop'", await RefusalAsync("vic", "rollback", Role.Deployer, "shop"), StringComparison.Ordinal);
        Assert.Contains("may not do 'retry deliveries': that takes the admin role", await RefusalAsync("ana", "retry deliveries", Role.Admin, null, platform: true), StringComparison.Ordinal);
    }

    /// <summary>The console's own check (what AuditedAsync runs before a change), for a session of <paramref name="user"/>.</summary>
    private async Task<string?> RefusalAsync(string user, string action, Role least, string? app, bool platform = false)
    {
        using var scope = _server.Server.Services.CreateScope();
        var stamp = scope.ServiceProvider.GetRequiredService<UserDirectory>().StampOf(user)!;
        var session = new ClaimsPrincipal(new ClaimsIdentity([new(ClaimTypes.Name, user), new(ConsoleAuthentication.UserStampClaim, stamp)], ConsoleAuthentication.SchemeName));
        var authentication = (ServerAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(session)));
        return await scope.ServiceProvider.GetRequiredService<ConsoleAccess>().RefusalAsync(action, least, app, CancellationToken.None, platform);
    }

    private async Task<HttpClient> SignedInBrowserAsync(string user)
    {
        var browser = new ConsoleBrowser(_server.Server.AdminUrl);
        await browser.SignInAsUserAsync(user, AccessClient.Password);
        return browser.Http;
    }
}
