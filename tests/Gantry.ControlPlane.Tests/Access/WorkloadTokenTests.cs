using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Access;

/// <summary>A token for one workload of an app deploys that workload's changes only (a partial deploy), and does nothing else.</summary>
public sealed class WorkloadTokenTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new("gantry-workload-token");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task AWorkloadToken_DeploysItsWorkloadsChange_AndIsRefusedAnyOtherChange()
    {
        var folder = _apps.Combine("shop");
        WriteApp(folder, web: "hello", api: "v1");
        await _server.WaitForReleaseAsync("shop", await AccessClient.DeployedReleaseAsync(await _server.Admin.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(folder))));
        var created = await _server.Admin.PostAsJsonAsync("api/v1/tokens", new CreateTokenRequest("ci-api", "deployer", App: "shop", Workload: "api"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var ci = AccessClient.WithToken(_server, (await created.Content.ReadFromJsonAsync<TokenCreated>(JsonSerializerOptions.Web))!.Token);

        WriteApp(folder, web: "hello", api: "v2");
        var release = await _server.WaitForReleaseAsync("shop", await AccessClient.DeployedReleaseAsync(await ci.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(folder))));
        Assert.Equal(("Succeeded", "ci-api"), (release.Release.Status, release.Release.CreatedBy));

        WriteApp(folder, web: "changed", api: "v3");
        var both = await ci.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(folder));
        Assert.Equal(HttpStatusCode.Forbidden, both.StatusCode);
        Assert.Contains("this token may deploy workload 'api' of app 'shop' only; these files also change 'web'", await both.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var scale = await ci.PostAsJsonAsync("api/v1/apps/shop/scale", new ScaleRequest(new Dictionary<string, int> { ["api"] = 2 }));
        Assert.Equal(HttpStatusCode.Forbidden, scale.StatusCode);
        Assert.Contains("the token is for deploying workload 'api' only", await scale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.PostAsJsonAsync("api/v1/apps/shop/rollback", new { })).StatusCode);
        var releases = await _server.Admin.GetFromJsonAsync<List<ReleaseInfo>>("api/v1/apps/shop/releases", JsonSerializerOptions.Web);
        Assert.Equal(2, releases!.Count); // the refused deploy stored nothing
    }

    [Fact]
    public async Task AWorkloadTokenWithoutItsApp_IsRefusedNamingTheField()
    {
        var response = await _server.Admin.PostAsJsonAsync("api/v1/tokens", new CreateTokenRequest("x", "deployer", Workload: "api"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("workload: a token for one workload names its app too", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The web workload (routed) and an api workload beside it, each with its own greeting.</summary>
    private static void WriteApp(string folder, string web, string api)
    {
        new NodeApp(Name: "shop", Greeting: web).WriteTo(folder);
        File.WriteAllText(Path.Combine(folder, "api.score.yaml"), $"""
            apiVersion: score.dev/v1b1
            metadata:
              name: api
            containers:
              main:
                image: .
                command: ["node", "server.js"]
                variables:
                  GREETING: "{api}"
                  NEVER_READY: "0"
            """);
        File.AppendAllText(Path.Combine(folder, "gantry.yaml"), "\n  - score: api.score.yaml\n");
    }
}
