using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.Tests.DataPlane;

/// <summary>
/// The gateways' configuration stream on a real control plane: the gateway token opens it and nothing else, the admin
/// token does not open it, the first frame is the whole snapshot and each change follows as a frame of what changed.
/// </summary>
public sealed class GatewayFeedTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _gateway = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _gateway = await _server.GatewayTokenClientAsync();
    }

    public async Task DisposeAsync()
    {
        _gateway.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task TheGatewayToken_OpensTheFeedOnly_AndTheAdminTokenDoesNotOpenIt()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_server.DataPath, "gateway-token")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.GetAsync("api/v1/apps")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.GetAsync("metrics")).StatusCode);

        using var asAdmin = await _server.Admin.GetAsync("gateway/v1/feed?gateway=edge", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, asAdmin.StatusCode);
        Assert.Contains("gateway token", await asAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badName = await _gateway.GetAsync("gateway/v1/feed?gateway=no%20spaces");
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("gateway: 'no spaces' is not a gateway name", await badName.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badReport = await _gateway.PostAsync("gateway/v1/reports", new StringContent("""{"gateway": "edge", "version": "x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badReport.StatusCode);
        Assert.Contains("'version'", await badReport.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStream_StartsWithTheWholeSnapshot_ThenCarriesOnlyWhatChanged()
    {
        var source = _server.Server.Services.GetRequiredService<GatewayConfigSource>();
        using var response = await _gateway.GetAsync("gateway/v1/feed?gateway=edge", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = GatewayConfigJson.DeserializeChange(Encoding.UTF8.GetBytes((await lines.ReadLineAsync())!));
        Assert.Equal((source.Current.Version, 0L), (first.Version, first.Base));
        Assert.NotNull(first.Routes);
        Assert.NotNull(first.Clients);

        _server.Server.Services.GetRequiredService<RoutePublisher>().Publish("shop", [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:80", "http://127.0.0.1:9")])]);
        var second = GatewayConfigJson.DeserializeChange(Encoding.UTF8.GetBytes((await ReadFrameAsync(lines))!));
        Assert.Equal((source.Current.Version, first.Version), (second.Version, second.Base));
        Assert.Equal("shop.test", Assert.Single(second.Routes!.Value).Host);
        Assert.Null(second.Clients); // unchanged parts are left out
        Assert.Null(second.Certificates);
        Assert.Equal("shop.test", Assert.Single(second.ApplyTo(first.ApplyTo(null)).Routes).Host);

        var listed = await _server.Admin.GetFromJsonAsync<ImmutableArray<GatewayInfo>>("api/v1/gateways");
        Assert.Contains(listed, g => g is { Name: "edge", Connected: true });
    }

    [Fact]
    public async Task AReport_IsTheGatewaysAcknowledgement_AndShowsItsLag()
    {
        var source = _server.Server.Services.GetRequiredService<GatewayConfigSource>();
        var behind = source.Current.Version;
        _server.Server.Services.GetRequiredService<RoutePublisher>().Publish("shop", [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:80", "http://127.0.0.1:9")])]);
        var report = new GatewayReport("edge", behind, true, 4242, "0.0.0.0:8080", DateTimeOffset.UtcNow) { Requests = 10, Errors = 1, Problem = "snapshot 7: routes[0]: bad" };

        using var sent = await _gateway.PostAsync("gateway/v1/reports", new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(report, GatewayConfigJson.Default.GatewayReport))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        });
        Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);

        var edge = Assert.Single(await _server.Admin.GetFromJsonAsync<ImmutableArray<GatewayInfo>>("api/v1/gateways"), g => g.Name == "edge");
        Assert.Equal((behind, source.Current.Version - behind, false, 4242, 10L, "snapshot 7: routes[0]: bad"), (edge.Version, edge.Lag, edge.Connected, edge.Pid!.Value, edge.Requests, edge.Problem));
        Assert.True(edge.Lag >= 1);
    }

    /// <summary>The next frame, past the empty keep-alive lines.</summary>
    private static async Task<string?> ReadFrameAsync(StreamReader lines)
    {
        string? line;
        do
        {
            line = await lines.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        while (line == "");

        return line;
    }
}
