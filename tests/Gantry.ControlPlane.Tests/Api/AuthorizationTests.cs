using System.Net;
using System.Net.Http.Headers;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Tests.Support;

namespace Gantry.ControlPlane.Tests.Api;

public sealed class AuthorizationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("api/v1/apps")]
    [InlineData("api/v1/events")]
    [InlineData("api/v1/apps/hello/releases")]
    [InlineData("api/v1/openapi.json")]
    [InlineData("api/v1/targets")]
    [InlineData("api/v1/environments")]
    [InlineData("api/v1/apps/hello/environments/releases")]
    [InlineData("api/v1/apps/hello/git")]
    public async Task Api_WithoutToken_Answers401AndSaysHowToAuthenticate(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Server.AdminUrl };

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_WithWrongToken_Answers401()
    {
        using var wrong = new HttpClient { BaseAddress = _server.Server.AdminUrl };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "gantry_not-the-token");

        var response = await wrong.PostAsync("api/v1/deploy", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void AdminToken_IsStoredOwnerOnly()
    {
        var mode = File.GetUnixFileMode(Path.Combine(_server.DataPath, "admin-token"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task AdminToken_IsNotStoredInTheDataFolderInClear_OnlyItsOwnFileHoldsIt()
    {
        var tokenFile = Path.Combine(_server.DataPath, "admin-token");
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.Equal(HttpStatusCode.OK, (await _server.Admin.GetAsync("api/v1/apps")).StatusCode); // the token is in use

        // The database, its write-ahead log (where a fresh write lands first), keys, logs, gateway state: everything.
        var files = Directory.EnumerateFiles(_server.DataPath, "*", SearchOption.AllDirectories).Where(f => f != tokenFile).ToList();
        var contents = files.ToDictionary(f => Path.GetRelativePath(_server.DataPath, f), StoreFiles.ReadShared);

        Assert.Contains("gantry.db", contents.Keys);
        Assert.Contains("gantry.db-wal", contents.Keys);
        Assert.Empty(contents.Where(c => c.Value.Contains(token, StringComparison.Ordinal)).Select(c => c.Key));

        // What is stored instead: the hash, so the search above read the files the token registry writes.
        Assert.Contains(contents, c => c.Value.Contains(TokenHasher.Hash(token), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthz_AnswersWithoutAToken()
    {
        using var anonymous = new HttpClient { BaseAddress = _server.Server.AdminUrl };

        Assert.Equal("ok", await anonymous.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEndpoints()
    {
        var document = await _server.Admin.GetStringAsync("api/v1/openapi.json");

        Assert.Contains("/api/v1/deploy", document);
        Assert.Contains("/api/v1/apps/{app}/releases", document);
        Assert.Contains("/api/v1/apps/{app}/rollback", document);
        Assert.Contains("/api/v1/apps/{app}/scale", document);
        Assert.Contains("/api/v1/apps/{app}/logs", document);
        Assert.Contains("/api/v1/events", document);
    }
}
