using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>
/// A user's own role on one app: it reaches that app alone, the highest of a user's roles applies, taking it away
/// or deleting the app ends it, and only what a role on one app can be is accepted.
/// </summary>
public sealed class AppRoleTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new("gantry-app-roles");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task AUserWithARoleOnOneApp_ActsOnItAlone_UpToThatRole_UntilItIsTakenOrTheAppDeleted()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Name: "shop"), _apps.Combine("shop"));
        await _server.DeployAndWaitAsync(new NodeApp(Name: "blog"), _apps.Combine("blog"));
        await AccessClient.AddUserAsync(_server, "rita", "none");
        using var rita = AccessClient.WithToken(_server, (await AccessClient.SignInAsync(_server, "rita")).Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("api/v1/apps")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("api/v1/apps/shop")).StatusCode);

        // Granted viewer: the same sign-in sees shop alone, reads it and may not ship it.
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync("shop", "rita", null)).StatusCode);
        Assert.Equal(["shop"], (await rita.GetFromJsonAsync<List<AppSummary>>("api/v1/apps", JsonSerializerOptions.Web))!.Select(a => a.Name));
        Assert.Equal(HttpStatusCode.OK, (await rita.GetAsync("api/v1/apps/shop/releases")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("api/v1/apps/blog")).StatusCode);
        var scale = await ScaleAsync(rita, "shop");
        Assert.Equal(HttpStatusCode.Forbidden, scale.StatusCode);
        Assert.Contains("that takes the deployer role on app 'shop'", await scale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Deployer of shop: ships shop, not blog; deleting shop takes an admin; the platform stays closed.
        var granted = await GrantAsync("shop", "rita", "deployer");
        Assert.Equal(new TeamMemberInfo("rita", "deployer"), await granted.Content.ReadFromJsonAsync<TeamMemberInfo>(JsonSerializerOptions.Web));
        Assert.Equal(HttpStatusCode.Accepted, (await ScaleAsync(rita, "shop")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScaleAsync(rita, "blog")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.DeleteAsync("api/v1/apps/shop")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("api/v1/config")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PutAsJsonAsync("api/v1/apps/blog/members/rita", new SetMemberRequest("admin"))).StatusCode);

        // Listed with the user; a role on blog too.
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync("blog", "rita", "viewer")).StatusCode);
        var listed = (await _server.Admin.GetFromJsonAsync<List<UserInfo>>("api/v1/users", JsonSerializerOptions.Web))!.Single(u => u.Name == "rita");
        Assert.Null(listed.Role);
        Assert.Equal([new AppRoleInfo("blog", "viewer"), new AppRoleInfo("shop", "deployer")], listed.Apps!);

        // Taken away: refused again at once; a second time there is nothing to take.
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/apps/shop/members/rita")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ScaleAsync(rita, "shop")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.DeleteAsync("api/v1/apps/shop/members/rita")).StatusCode);

        // Deleting blog takes its roles with it: an app made later under that name grants rita nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/apps/blog")).StatusCode);
        var me = await rita.GetFromJsonAsync<CallerInfo>("api/v1/me", JsonSerializerOptions.Web);
        Assert.Empty(me!.Scopes);
        listed = (await _server.Admin.GetFromJsonAsync<List<UserInfo>>("api/v1/users", JsonSerializerOptions.Web))!.Single(u => u.Name == "rita");
        Assert.Empty(listed.Apps!);
    }

    [Fact]
    public async Task WhatARoleOnOneAppCannotBe_IsRefused_NamingTheField()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Name: "shop"), _apps.Combine("shop"));
        await AccessClient.AddTeamAsync(_server, "web");
        await AccessClient.AddUserAsync(_server, "ana", "deployer", team: "web");

        await RefusedAsync(await GrantAsync("shop", "ana", "owner"), HttpStatusCode.BadRequest, "role: owner is a role on the whole platform");
        await RefusedAsync(await GrantAsync("shop", "ana", "boss"), HttpStatusCode.BadRequest, "role: 'boss' is not a role");
        await RefusedAsync(await GrantAsync("shop", "nobody", "viewer"), HttpStatusCode.NotFound, "user: there is no user 'nobody'");
        await RefusedAsync(await GrantAsync("nosuch", "ana", "viewer"), HttpStatusCode.NotFound, "app: there is no app 'nosuch'");
        await RefusedAsync(await _server.Admin.PostAsJsonAsync("api/v1/users", new CreateUserRequest("rex", AccessClient.Password, "none", "web")), HttpStatusCode.BadRequest, "role: 'none' is for a user without a team");

        // A team member granted more on one app than the team gives: the highest applies, there alone.
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.PutAsJsonAsync("api/v1/apps/shop/team", new SetAppTeamRequest("web"))).StatusCode);
        using var client = AccessClient.WithToken(_server, (await AccessClient.SignInAsync(_server, "ana")).Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("api/v1/apps/shop/domains/www.shop.test")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GrantAsync("shop", "ana", "admin")).StatusCode);
        var me = await client.GetFromJsonAsync<CallerInfo>("api/v1/me", JsonSerializerOptions.Web);
        Assert.Equal(["team:web:deployer", "app:shop:admin"], me!.Scopes);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.DeleteAsync("api/v1/apps/shop/domains/www.shop.test")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/config")).StatusCode);
    }

    private Task<HttpResponseMessage> GrantAsync(string app, string user, string? role) =>
        _server.Admin.PutAsJsonAsync($"api/v1/apps/{app}/members/{user}", new SetMemberRequest(role));

    private static Task<HttpResponseMessage> ScaleAsync(HttpClient client, string app) =>
        client.PostAsJsonAsync($"api/v1/apps/{app}/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 1 }));

    private static async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string problem)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        Assert.Contains(problem, text, StringComparison.Ordinal);
    }
}
