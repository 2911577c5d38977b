using System.Net;
using Bunit;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Console.Pages;
using Gantry.ControlPlane.Store;
using Gantry.ControlPlane.Targets;
using Gantry.ControlPlane.Tests.Access;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using static Gantry.ControlPlane.Tests.Console.ConsolePages;
using EnvironmentsPage = Gantry.ControlPlane.Console.Pages.Environments;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>
/// The console's pages for one app against a real server and a running app: its domains, API keys and blocked
/// clients take effect at the gateway; a role on one app is granted from the people page; a promotion to a GitOps
/// environment (a real local bare repository) commits the release there. Each is offered only to roles that may.
/// </summary>
public sealed class ConsoleAppPagesTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-console-app-pages");
    private TestServer _server = null!;
    private string _host = "";

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        var app = new NodeApp(Name: "shop");
        _host = app.DefaultHost;
        await _server.DeployAndWaitAsync(app, _temp.Combine("shop"));
        await AccessClient.AddUserAsync(_server, "olive", "owner");
        await AccessClient.AddUserAsync(_server, "ada", "none");
        await AccessClient.AddUserAsync(_server, "vic", "none");
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.PutAsJsonAsync("api/v1/apps/shop/members/ada", new SetMemberRequest("admin"))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AnAppAdmin_AddsADomainTheGatewayServes_MakesAndRevokesAnApiKey_AndBlocksAClient()
    {
        using var pages = new ConsolePages(_server, "ada");
        var page = pages.Open<AppClients>(p => p.Add(c => c.Name, "shop"));

        Type(page, "#domain-host", "www.shop.test");
        Assert.Equal($"www.shop.test is routed like {_host}; its certificate follows.", await SubmitAsync(page, "#add-domain"));
        await Eventually.UntilAsync(() => _server.GetThroughGatewayAsync("www.shop.test"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the custom domain to reach the app");
        Assert.Equal("www.shop.test is not routed any more.", await ClickAsync(page, "[data-host='www.shop.test']", "Remove"));

        Type(page, "#key-name", "mobile");
        Type(page, "#key-roles", "reader, writer");
        var made = await SubmitAsync(page, "#create-key");
        var id = made.Replace("Made key ", "", StringComparison.Ordinal).TrimEnd('.');
        Assert.StartsWith("gk_", page.Find("#new-key").TextContent, StringComparison.Ordinal);
        Assert.Contains("reader, writer", page.Find($"[data-key='{id}']").TextContent, StringComparison.Ordinal);
        Assert.StartsWith($"Revoked key {id}", await ClickAsync(page, $"[data-key='{id}']", "Revoke"), StringComparison.Ordinal);
        Assert.Contains("revoked", page.Find($"[data-key='{id}']").TextContent, StringComparison.Ordinal);

        Type(page, "#block-kind", "ip");
        Type(page, "#block-value", "not-an-ip");
        Assert.Equal("value: 'not-an-ip' is not an IP address", await SubmitAsync(page, "#block-client"));
        Type(page, "#block-value", "10.1.2.3");
        Assert.Equal("Blocked ip 10.1.2.3 on every route of shop.", await SubmitAsync(page, "#block-client"));
        var blocks = await _server.Admin.GetFromJsonAsync<List<ClientBlockInfo>>("api/v1/apps/shop/blocks");
        var block = Assert.Single(blocks!);
        Assert.Equal($"Lifted block {block.Id}.", await ClickAsync(page, $"[data-block='{block.Id}']", "Unblock"));

        var audit = await AuditAsync(_server);
        Assert.Contains(audit, e => e.Action == "console: add domain" && e.Actor == "ada" && e.App == "shop");
        Assert.Contains(audit, e => e.Action == "console: block client" && e.Outcome.StartsWith("refused: value:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOwnerGrantsARoleOnOneApp_AndTheAppsPagesOfferThatRoleNoMore()
    {
        using (var none = new ConsolePages(_server, "vic"))
        {
            Assert.Contains("You may not see app 'shop'.", none.Open<AppClients>(p => p.Add(c => c.Name, "shop")).Markup, StringComparison.Ordinal);
        }

        using var owner = new ConsolePages(_server, "olive");
        var people = owner.Open<People>();
        Type(people, "#grant-user", "vic");
        Type(people, "#grant-app-name", "shop");
        Type(people, "#grant-role", "viewer");
        Assert.Equal("vic is viewer of app shop.", await SubmitAsync(people, "#grant-app"));
        Assert.Contains("viewer of shop", people.Find("[data-user='vic']").TextContent, StringComparison.Ordinal);
        Type(people, "#grant-app-name", "nowhere");
        Assert.Equal("app: there is no app 'nowhere'", await SubmitAsync(people, "#grant-app"));

        using var viewer = new ConsolePages(_server, "vic");
        var clients = viewer.Open<AppClients>(p => p.Add(c => c.Name, "shop"));
        Assert.NotEmpty(clients.FindAll("table.keys"));
        Assert.Empty(clients.FindAll("#create-key, #add-domain, #block-client"));
        Assert.Empty(viewer.Open<AppPage>(p => p.Add(c => c.Name, "shop")).FindAll("#promote"));

        Assert.Equal("vic has no role of their own on app shop any more.", await ClickAsync(people, "[data-user='vic']", "✕"));
    }

    [Fact]
    public async Task APromotionFromTheAppsPage_CommitsTheReleaseToTheGitOpsEnvironmentRegisteredOnTheEnvironmentsPage()
    {
        var repository = _temp.Combine("config.git");
        GitCli.Run(_temp.Path, "init", "--quiet", "--bare", "--initial-branch=main", repository);
        using (var owner = new ConsolePages(_server, "olive"))
        {
            var environments = owner.Open<EnvironmentsPage>();
            Type(environments, "#target-name", "config");
            Type(environments, "#target-kind", "gitops");
            Type(environments, "#target-repository", repository);
            Assert.Equal("Target config saved.", await SubmitAsync(environments, "#save-target"));
            Type(environments, "#environment-name", "staging");
            Type(environments, "#environment-target", "config");
            Assert.Equal("Environment staging deploys to config.", await SubmitAsync(environments, "#save-environment"));
            Assert.Contains("config", environments.Find("[data-environment='staging']").TextContent, StringComparison.Ordinal);
            Type(environments, "#environment-name", "Bad Name");
            Assert.Contains("name", await SubmitAsync(environments, "#save-environment"), StringComparison.Ordinal);
        }

        using var admin = new ConsolePages(_server, "ada");
        var page = admin.Open<AppPage>(p => p.Add(c => c.Name, "shop"));
        Type(page, "#promote-from", "local");
        Type(page, "#promote-to", "staging");
        await page.Find("#promote").SubmitAsync(EventArgs.Empty);
        Assert.Contains("Promoting local to staging: release 1 in staging.", page.Markup, StringComparison.Ordinal);

        using var scope = _server.Server.Services.CreateScope();
        var promotions = scope.ServiceProvider.GetRequiredService<PromotionService>();
        var release = await Eventually.UntilAsync(async () => (await promotions.ListAsync("shop", "staging", CancellationToken.None)).Single(),
            r => r.Status != EnvironmentReleaseStatus.InProgress, TimeSpan.FromSeconds(60), "the promotion to finish");
        Assert.True(release.Status == EnvironmentReleaseStatus.Succeeded, release.Message);
        Assert.Equal("ada", release.Actor);
        Assert.Contains("shop", GitCli.Run(_temp.Path, "--git-dir", repository, "log", "--name-only", "--format=%s", "main"), StringComparison.Ordinal);
    }
}
