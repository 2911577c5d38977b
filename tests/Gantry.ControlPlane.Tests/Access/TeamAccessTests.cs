using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>
/// Teams own apps; a member's role in a team reaches that team's apps and nothing else; a new app a team member
/// deploys is the team's; removing a user ends their sign-ins, for good.
/// </summary>
public sealed class TeamAccessTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new("gantry-teams");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task ATeamDeployer_ShipsTheTeamsApps_AndIsRefusedOtherAppsAndThePlatform()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Name: "shop"), _apps.Combine("shop"));
        await _server.DeployAndWaitAsync(new NodeApp(Name: "blog"), _apps.Combine("blog"));
        await AccessClient.AddTeamAsync(_server, "web");
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.PutAsJsonAsync("api/v1/apps/shop/team", new SetAppTeamRequest("web"))).StatusCode);
        await AccessClient.AddUserAsync(_server, "ana", "deployer", team: "web");
        await AccessClient.AddUserAsync(_server, "vic", "viewer", team: "web");

        var ana = await AccessClient.SignInAsync(_server, "ana");
        Assert.Equal(["team:web:deployer"], ana.Scopes);
        using var client = AccessClient.WithToken(_server, ana.Token);
        var me = await client.GetFromJsonAsync<CallerInfo>("api/v1/me", JsonSerializerOptions.Web);
        Assert.Equal(("ana", "ana"), (me!.Name, me.User));

        new NodeApp(Name: "shop", Greeting: "from ana").WriteTo(_apps.Combine("shop"));
        var release = await _server.WaitForReleaseAsync("shop", await AccessClient.DeployedReleaseAsync(await client.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(_apps.Combine("shop")))));
        Assert.Equal(("Succeeded", "ana"), (release.Release.Status, release.Release.CreatedBy));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("api/v1/apps/shop/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 1 }))).StatusCode);

        // Another team's (here no team's) app, the platform, and what takes more than a deployer: refused.
        var blog = await client.PostAsJsonAsync("api/v1/apps/blog/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 1 }));
        Assert.Equal(HttpStatusCode.Forbidden, blog.StatusCode);
        Assert.Contains("user 'ana' (deployer in team 'web') may not act on app 'blog': no team owns it", await blog.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        new NodeApp(Name: "blog", Greeting: "from ana").WriteTo(_apps.Combine("blog"));
        var deployBlog = await client.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(_apps.Combine("blog")));
        Assert.Equal(HttpStatusCode.Forbidden, deployBlog.StatusCode);
        Assert.Contains("may not deploy app 'blog'", await deployBlog.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/config")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("api/v1/apps/shop")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/apps/shop/releases")).StatusCode);

        // A viewer of the team reads the team's app and may not ship it.
        using var viewer = AccessClient.WithToken(_server, (await AccessClient.SignInAsync(_server, "vic")).Token);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("api/v1/apps/shop")).StatusCode);
        var scale = await viewer.PostAsJsonAsync("api/v1/apps/shop/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 1 }));
        Assert.Equal(HttpStatusCode.Forbidden, scale.StatusCode);
        Assert.Contains("that takes the deployer role on app 'shop'", await scale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Taking the app from the team takes the member's access with it at once.
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.PutAsJsonAsync("api/v1/apps/shop/team", new SetAppTeamRequest(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/apps/shop")).StatusCode);
    }

    [Fact]
    public async Task ANewAppATeamMemberDeploys_BelongsToTheTeam_AndATeamTokenReachesIt()
    {
        await AccessClient.AddTeamAsync(_server, "data");
        await AccessClient.AddUserAsync(_server, "dee", "deployer", team: "data");
        using var dee = AccessClient.WithToken(_server, (await AccessClient.SignInAsync(_server, "dee")).Token);

        new NodeApp(Name: "reports").WriteTo(_apps.Combine("reports"));
        await _server.WaitForReleaseAsync("reports", await AccessClient.DeployedReleaseAsync(await dee.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(_apps.Combine("reports")))));
        var teams = await _server.Admin.GetFromJsonAsync<List<TeamInfo>>("api/v1/teams", JsonSerializerOptions.Web);
        var data = Assert.Single(teams!);
        Assert.Equal(["reports"], data.Apps);
        Assert.Equal(("dee", "deployer"), (data.Members.Single().User, data.Members.Single().Role));

        // A token made for the team reaches its app; a token for another team does not.
        var created = await _server.Admin.PostAsJsonAsync("api/v1/tokens", new CreateTokenRequest("data-ci", "viewer", Team: "data"));
        var token = (await created.Content.ReadFromJsonAsync<TokenCreated>(JsonSerializerOptions.Web))!;
        Assert.Equal("data", token.Info.Team);
        using var ci = AccessClient.WithToken(_server, token.Token);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("api/v1/apps/reports")).StatusCode);
        Assert.Equal(["reports"], (await ci.GetFromJsonAsync<List<AppSummary>>("api/v1/apps", JsonSerializerOptions.Web))!.Select(a => a.Name));
        Assert.All((await ci.GetFromJsonAsync<List<EventInfo>>("api/v1/events", JsonSerializerOptions.Web))!, e => Assert.Equal("reports", e.App));

        // Removing the team removes its token and leaves the app to no team.
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/teams/data")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ci.GetAsync("api/v1/apps/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dee.GetAsync("api/v1/apps/reports")).StatusCode);
    }

    [Fact]
    public async Task ARemovedUsersSignIns_StopAtOnce_AndStayStoppedIfTheNameIsReused()
    {
        await AccessClient.AddUserAsync(_server, "eve", "admin");
        var signedIn = await AccessClient.SignInAsync(_server, "eve");
        using var client = AccessClient.WithToken(_server, signedIn.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/config")).StatusCode);
        var tokens = await _server.Admin.GetFromJsonAsync<List<TokenInfo>>("api/v1/tokens", JsonSerializerOptions.Web);
        Assert.Contains(tokens!, t => t.Name == signedIn.TokenName && t.User == "eve");

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/users/eve")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/config")).StatusCode);
        await AccessClient.AddUserAsync(_server, "eve", "owner");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/config")).StatusCode);

        // A new password: the old one is wrong from then on; signing out revokes the sign-in's token.
        var again = await AccessClient.SignInAsync(_server, "eve");
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.PutAsJsonAsync("api/v1/users/eve/password", new SetPasswordRequest("another long password"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccessClient.TrySignInAsync(_server, "eve", AccessClient.Password)).StatusCode);
        using var eve = AccessClient.WithToken(_server, again.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await eve.DeleteAsync("api/v1/sessions/current")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await eve.GetAsync("api/v1/me")).StatusCode);
    }
}
