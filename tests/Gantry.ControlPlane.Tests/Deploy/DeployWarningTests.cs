using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;

namespace Gantry.ControlPlane.Tests.Deploy;

/// <summary>
/// What an app's files use that Score deprecates (the list form of files) is accepted, and the warning the CLI prints
/// becomes an event of the release, so a deploy through the API or the console says it too.
/// </summary>
public sealed class DeployWarningTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ADeprecatedForm_IsAccepted_AndItsWarningIsAnEventOfTheRelease()
    {
        var files = new Dictionary<string, string>
        {
            ["score.yaml"] = """
                apiVersion: score.dev/v1b1
                metadata:
                  name: web
                containers:
                  app:
                    image: nginx:1.27
                    files:
                      - target: /etc/app.conf
                        content: "port=80"
                """,
        };

        using var response = await _server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("score.yaml", files));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web);
        var events = await _server.Admin.GetFromJsonAsync<List<EventInfo>>($"api/v1/events?app={accepted!.App}", JsonSerializerOptions.Web);
        var warning = Assert.Single(events!, e => e.Kind == "release.warning");
        Assert.Equal(accepted.Release, warning.Release);
        Assert.StartsWith("warning: score.yaml:8:7: containers.app.files: the list form of 'files' is deprecated in Score", warning.Message, StringComparison.Ordinal);
    }
}
