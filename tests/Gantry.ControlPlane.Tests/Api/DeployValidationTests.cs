using System.Net;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Api;

public sealed class DeployValidationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deploy_WithInvalidScore_Answers400WithLocatedErrorsAndStoresNothing()
    {
        var files = new Dictionary<string, string>
        {
            ["score.yaml"] = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    imagee: nginx\n",
        };

        var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("file").GetString() == "score.yaml"
            && e.GetProperty("line").GetInt32() == 6
            && e.GetProperty("field").GetString()!.Contains("imagee", StringComparison.Ordinal));
        Assert.Empty(await _server.Admin.GetFromJsonAsync<List<AppSummary>>("api/v1/apps", JsonSerializerOptions.Web) ?? []);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{\"entry\": 3}")]
    [InlineData("{\"entry\": \"score.yaml\"}")]
    public async Task Deploy_WithMalformedBody_Answers400NotA500(string body)
    {
        var response = await _server.Admin.PostAsync("api/v1/deploy", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil.yaml")]
    [InlineData("../../evil.yaml")]
    [InlineData("../../../evil.yaml")]
    [InlineData("config/../../evil.yaml")]
    public async Task Deploy_WithAFilePathLeavingTheAppFolder_Answers400AndWritesNothingWhereItWouldLand(string name)
    {
        var files = new Dictionary<string, string> { ["score.yaml"] = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\n", [name] = "x: 1" };

        var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"entry '{name}'", await response.Content.ReadAsStringAsync());

        // Posted files are written into DATA/sources/.incoming/ID: an escaping name would land relative to that folder.
        var landing = Path.GetFullPath(Path.Combine(_server.DataPath, "sources", ".incoming", "0123456789abcdef0123456789abcdef", name));
        Assert.StartsWith(_server.DataPath, landing, StringComparison.Ordinal);
        Assert.False(File.Exists(landing), $"the file escaped to {landing}");
    }

    [Fact]
    public async Task Deploy_WithAnImageOnTheProcessRuntime_FailsTheReleaseSayingWhy()
    {
        var files = new Dictionary<string, string>
        {
            ["score.yaml"] = "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx:1.27\n",
        };

        var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));
        var accepted = await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web);
        var release = await _server.WaitForReleaseAsync(accepted!.App, accepted.Release);

        Assert.Equal("Failed", release.Release.Status);
        Assert.Contains("nginx:1.27", release.Release.Reason);
        Assert.Contains("container runtime", release.Release.Reason);
    }

    [Theory]
    [InlineData("api/v1/apps/hello/logs?since=1e300s", HttpStatusCode.OK)]
    [InlineData("api/v1/apps/hello/logs?since=3000000d", HttpStatusCode.OK)]
    [InlineData("api/v1/apps/hello/logs?workload=..", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/apps/hello/logs?workload=a%2Fb", HttpStatusCode.BadRequest)]
    [InlineData("api/v1/apps/..%2Fetc/releases", HttpStatusCode.NotFound)]
    public async Task Queries_WithHostileValues_AnswerCleanly(string path, HttpStatusCode expected)
    {
        var response = await _server.Admin.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Deploy_WithAnUnsupportedContentType_Answers415SayingWhatToSend()
    {
        var response = await _server.Admin.PostAsync("api/v1/deploy", new StringContent("name: x", Encoding.UTF8, "text/yaml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("multipart/form-data", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("a\u0000b.yaml")]
    [InlineData("/etc/passwd")]
    [InlineData("x/../../y.yaml")]
    public async Task Deploy_WithAFileNameThatIsNotARelativePath_Answers400AndLeavesNothingBehind(string name)
    {
        var body = $"{{\"entry\": \"score.yaml\", \"files\": {{\"{name}\": \"x\"}}}}";

        var response = await _server.Admin.PostAsync("api/v1/deploy", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var incoming = Path.Combine(_server.DataPath, "sources", ".incoming");
        Assert.True(!Directory.Exists(incoming) || !Directory.EnumerateFileSystemEntries(incoming).Any(), "an upload folder was left behind");
    }

    [Fact]
    public async Task Scale_AnUnknownApp_Answers404()
    {
        var response = await _server.Admin.PostAsJsonAsync("api/v1/apps/nope/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 2 }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Logs_WithABadSince_Answers400NamingTheParameter()
    {
        var response = await _server.Admin.GetAsync("api/v1/apps/hello/logs?since=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("since", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deploy_WhenAnotherAppOwnsTheHost_Answers409NamingIt()
    {
        using var temp = new TempDirectory();
        await _server.DeployAsync(new NodeApp(Name: "first", Host: "shared.localhost"), temp.Combine("first"));

        new NodeApp(Name: "second", Host: "shared.localhost").WriteTo(temp.Combine("second"));
        var response = await _server.DeployFilesAsync(temp.Combine("second"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("first", await response.Content.ReadAsStringAsync());
    }
}
