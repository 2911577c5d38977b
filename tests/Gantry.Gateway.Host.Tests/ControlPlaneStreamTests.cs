using System.Diagnostics;
using System.Net;
using Gantry.Testing;
using Xunit.Abstractions;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// <c>gantry-gateway</c> following a real control plane's configuration stream: what the control plane publishes is
/// served, the gateway is listed with the version it applied, and an absent control plane changes nothing it serves.
/// </summary>
public sealed class ControlPlaneStreamTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _temp = new("gantry-gateway-stream");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task AFollowingGateway_ServesWhatTheControlPlanePublishes_AndIsListedWithTheVersionItApplied()
    {
        await using var backend = await Backend.StartAsync("from the shop");
        await using var controlPlane = await ControlPlaneRunner.StartAsync(_temp.Combine("data"));
        await using var gateway = await StartFollowingAsync(controlPlane.Url, controlPlane.GatewayTokenFile, "edge-1");
        await WaitReadyAsync(gateway);

        var clock = Stopwatch.StartNew();
        controlPlane.Route("shop", "shop.test", backend);
        await Eventually.UntilAsync(() => _http.GetAsync(gateway.HttpPort, "/", "shop.test"), r => r.Body == "from the shop", Deadline, "the gateway to serve the published route");
        output.WriteLine($"a published route served by the following gateway after {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        controlPlane.Route("books", "books.test", backend);
        await Eventually.UntilAsync(() => _http.GetAsync(gateway.HttpPort, "/", "books.test"), r => r.Body == "from the shop", Deadline, "the gateway to serve the second route");
        output.WriteLine($"a second route served after {clock.ElapsedMilliseconds} ms");

        var listed = await Eventually.UntilAsync(controlPlane.GatewaysAsync, l => l.Any(g => g.Name == "edge-1" && g.Version == controlPlane.Version), Deadline, "edge-1 to report the current version");
        var edge = listed.Single(g => g.Name == "edge-1");
        Assert.True(edge.Connected);
        Assert.True(edge.Ready);
        Assert.Equal(0, edge.Lag);
        Assert.Equal(gateway.Pid, edge.Pid);
        Assert.Equal($"127.0.0.1:{gateway.HttpPort}", edge.Listen);
        Assert.Equal("127.0.0.1", edge.Address);
        Assert.Null(edge.Problem);
        Assert.Contains(listed, g => g.Name == "in-process" && g.Version == controlPlane.Version);
        Assert.True((await Eventually.UntilAsync(controlPlane.GatewaysAsync, l => l.Single(g => g.Name == "edge-1").Requests >= 1, Deadline, "edge-1 to count the request")).Length > 0);

        controlPlane.Unroute("shop");
        await Eventually.UntilAsync(() => _http.GetAsync(gateway.HttpPort, "/", "shop.test"), r => r.Status == HttpStatusCode.NotFound, Deadline, "the removed route to be gone");
    }

    [Fact]
    public async Task AnInstanceLeavingTheRoutes_IsDrainedOnlyOnceTheFollowingGatewayFinishedItsRequestsToIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backend.StartAsync(async context =>
        {
            arrived.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("finished");
        });
        await using var controlPlane = await ControlPlaneRunner.StartAsync(_temp.Combine("data"));
        await using var gateway = await StartFollowingAsync(controlPlane.Url, controlPlane.GatewayTokenFile, "edge-1");
        controlPlane.Route("shop", "shop.test", backend);
        await Eventually.UntilAsync(() => _http.GetAsync(gateway.HealthPort, "/healthz/ready"), r => r.Status == HttpStatusCode.OK, Deadline, "the gateway to be ready");
        await Eventually.UntilAsync(controlPlane.GatewaysAsync, l => l.Any(g => g.Name == "edge-1" && g.Lag == 0), Deadline, "edge-1 to apply the route");

        // A request in flight through the following gateway (the control plane's own gateway has none).
        var inFlight = _http.GetAsync(gateway.HttpPort, "/", "shop.test");
        await arrived.Task.WaitAsync(Deadline);
        controlPlane.Unroute("shop");

        var drained = controlPlane.DrainAsync("shop", TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(controlPlane.GatewaysAsync, l => l.Any(g => g.Name == "edge-1" && g.Lag == 0), Deadline, "edge-1 to apply the snapshot without the route");
        await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.False(drained.IsCompleted, "the drain ended while the gateway still had a request in flight to the instance");

        release.SetResult();
        Assert.Equal((HttpStatusCode.OK, "finished"), await inFlight);
        Assert.True(await drained.WaitAsync(Deadline));
    }

    [Fact]
    public async Task WithTheControlPlaneDown_TheGatewayServesOn_RestartsFromItsKeptSnapshot_AndCatchesUpWhenItReturns()
    {
        await using var backend = await Backend.StartAsync("from the shop");
        using var adminPort = ReservedPort.Take();
        var data = _temp.Combine("data");
        var controlPlane = await ControlPlaneRunner.StartAsync(data, adminPort.Number);
        var (url, tokenFile) = (controlPlane.Url, controlPlane.GatewayTokenFile);
        GatewayProcessRunner? gateway = null;
        try
        {
            gateway = await StartFollowingAsync(url, tokenFile, "edge-1");
            controlPlane.Route("shop", "shop.test", backend);
            await Eventually.UntilAsync(() => _http.GetAsync(gateway.HttpPort, "/", "shop.test"), r => r.Body == "from the shop", Deadline, "the gateway to serve the route");

            await controlPlane.DisposeAsync();
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal((HttpStatusCode.OK, "from the shop"), await _http.GetAsync(gateway.HttpPort, "/", "shop.test"));
            }

            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(gateway.HealthPort, "/healthz/ready")).Status);

            // A restart with the control plane still down: the kept snapshot is served.
            Assert.Equal(0, await gateway.StopAsync());
            await gateway.DisposeAsync();
            gateway = await StartFollowingAsync(url, tokenFile, "edge-1");
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(gateway.HealthPort, "/healthz/ready")).Status);
            Assert.Equal((HttpStatusCode.OK, "from the shop"), await _http.GetAsync(gateway.HttpPort, "/", "shop.test"));

            // The control plane returns on the same data and port; a change made afterwards reaches the gateway.
            controlPlane = await ControlPlaneRunner.StartAsync(data, adminPort.Number);
            controlPlane.Route("books", "books.test", backend);
            var clock = Stopwatch.StartNew();
            await Eventually.UntilAsync(() => _http.GetAsync(gateway.HttpPort, "/", "books.test"), r => r.Body == "from the shop", Deadline, "the gateway to catch up");
            output.WriteLine($"caught up {clock.ElapsedMilliseconds} ms after the control plane returned and published");
            await Eventually.UntilAsync(controlPlane.GatewaysAsync, l => l.Any(g => g.Name == "edge-1" && g.Connected && g.Lag == 0), Deadline, "edge-1 to be listed again");
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            await controlPlane.DisposeAsync();
        }
    }

    private Task<GatewayProcessRunner> StartFollowingAsync(string controlPlaneUrl, string tokenFile, string name) =>
        GatewayProcessRunner.StartAsync(_temp.Combine("gateway-" + name), "--control-plane", controlPlaneUrl, "--token-file", tokenFile, "--name", name);

    private async Task WaitReadyAsync(GatewayProcessRunner gateway) =>
        await Eventually.UntilAsync(() => _http.GetAsync(gateway.HealthPort, "/healthz/ready"), r => r.Status == HttpStatusCode.OK, Deadline, "the gateway to be ready");

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
