using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Access;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Tokens made through the API: a deployer token for one app deploys it and nothing else; an expired or revoked one
/// gets 401; none is kept in clear.
/// </summary>
public sealed class ScopedTokenTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new("gantry-scoped");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task ADeployerTokenForOneApp_DeploysIt_AndIsRefusedAnotherAppAndThePlatformsSettings()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Name: "shop"), _apps.Combine("shop"));
        var (token, info) = await CreateAsync(new CreateTokenRequest("ci-shop", "deployer", "shop"));
        Assert.Equal(("deployer", "shop", "admin", null), (info.Role, info.App, info.CreatedBy, info.LastUsedAt));
        using var ci = AccessClient.WithToken(_server, token);

        new NodeApp(Name: "shop", Greeting: "from ci").WriteTo(_apps.Combine("shop"));
        var deployed = await ci.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(_apps.Combine("shop")));
        Assert.Equal(HttpStatusCode.Accepted, deployed.StatusCode);
        var release = await _server.WaitForReleaseAsync("shop", (await deployed.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web))!.Release);
        Assert.Equal(("Succeeded", "ci-shop"), (release.Release.Status, release.Release.CreatedBy));
        Assert.Equal(HttpStatusCode.Accepted, (await ci.PostAsJsonAsync("api/v1/apps/shop/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 1 }))).StatusCode);

        new NodeApp(Name: "blog").WriteTo(_apps.Combine("blog"));
        var other = await ci.PostAsJsonAsync("api/v1/deploy", AccessClient.Files(_apps.Combine("blog")));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("this token may deploy app 'shop' only; these files are app 'blog'", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("api/v1/apps/blog")).StatusCode); // nothing of it was stored

        var settings = await ci.PatchAsJsonAsync("api/v1/config", new { values = new Dictionary<string, string> { ["X"] = "1" } });
        Assert.Equal(HttpStatusCode.Forbidden, settings.StatusCode);
        Assert.Contains("token 'ci-shop' (deployer, app 'shop' only) may not PATCH /api/v1/config: that takes the admin role", await settings.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["shop"], (await ci.GetFromJsonAsync<List<AppSummary>>("api/v1/apps", JsonSerializerOptions.Web))!.Select(a => a.Name));
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.DeleteAsync("api/v1/apps/shop")).StatusCode);

        var listed = Assert.Single(await ListAsync(), t => t.Name == "ci-shop");
        Assert.NotNull(listed.LastUsedAt);
    }

    [Fact]
    public async Task AnExpiredOrRevokedToken_Gets401()
    {
        // Long enough to be used once on a loaded machine before it expires; the wait for the expiry polls.
        var (expiring, _) = await CreateAsync(new CreateTokenRequest("short", "viewer", ExpiresAt: DateTimeOffset.UtcNow.AddSeconds(15)));
        var (revoked, _) = await CreateAsync(new CreateTokenRequest("gone", "viewer"));
        using var expiringClient = AccessClient.WithToken(_server, expiring);
        using var revokedClient = AccessClient.WithToken(_server, revoked);
        Assert.Equal(HttpStatusCode.OK, (await expiringClient.GetAsync("api/v1/apps")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await revokedClient.GetAsync("api/v1/apps")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Admin.DeleteAsync("api/v1/tokens/gone")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revokedClient.GetAsync("api/v1/apps")).StatusCode);
        await Eventually.UntilAsync(async () => (await expiringClient.GetAsync("api/v1/apps")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(60), "the token to expire");
        Assert.DoesNotContain(await ListAsync(), t => t.Name == "gone");
    }

    [Fact]
    public async Task TokensAreKeptHashed_AndShownOnlyWhenMade()
    {
        using var data = new TempDirectory("gantry-scoped-data");
        var server = await TestServer.StartAsync(data.Path);
        string token;
        try
        {
            token = JsonSerializer.Deserialize<TokenCreated>(
                await (await server.Admin.PostAsJsonAsync("api/v1/tokens", new CreateTokenRequest("hashed", "admin"))).Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!.Token;
            using var client = AccessClient.WithToken(server, token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/events")).StatusCode);
        }
        finally
        {
            await server.DisposeAsync();
        }

        foreach (var file in Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories))
        {
            Assert.False((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(token)) >= 0, $"{file} holds the token");
        }

        await using var restarted = await TestServer.StartAsync(data.Path);
        Assert.DoesNotContain(token, await restarted.Admin.GetStringAsync("api/v1/tokens"), StringComparison.Ordinal);
        using var again = AccessClient.WithToken(restarted, token);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("api/v1/events")).StatusCode); // its hash survived the restart
    }

    [Theory]
    [InlineData("{}", "name: give the token a name")]
    [InlineData("{\"name\": \"Bad Name\"}", "name: 'Bad Name' must be")]
    [InlineData("{\"name\": \"x\", \"role\": \"root\"}", "role: 'root' is not a role; roles: viewer, deployer, admin, owner")]
    [InlineData("{\"name\": \"x\", \"app\": \"nope\"}", "app: there is no app 'nope'")]
    [InlineData("{\"name\": \"x\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}", "expiresAt: ")]
    [InlineData("{\"name\": \"admin\"}", "name: 'admin' is Gantry's own")]
    public async Task ABadTokenRequest_Is400NamingTheField(string body, string expected)
    {
        var response = await _server.Admin.PostAsync("api/v1/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(string Token, TokenInfo Info)> CreateAsync(CreateTokenRequest request)
    {
        var response = await _server.Admin.PostAsJsonAsync("api/v1/tokens", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        var created = JsonSerializer.Deserialize<TokenCreated>(text, JsonSerializerOptions.Web)!;
        return (created.Token, created.Info);
    }

    private async Task<List<TokenInfo>> ListAsync() =>
        await _server.Admin.GetFromJsonAsync<List<TokenInfo>>("api/v1/tokens", JsonSerializerOptions.Web) ?? [];
}
