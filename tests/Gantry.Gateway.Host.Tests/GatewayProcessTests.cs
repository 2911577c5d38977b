using System.Net;
using Gantry.Gateway.Config;
using Gantry.Testing;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// <c>gantry-gateway</c> as its own process: not ready without a snapshot, serving one it is given, keeping it, and
/// serving it again after a restart with nothing to feed it.
/// </summary>
public sealed class GatewayProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-gateway-host");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ANewGateway_WithNoSnapshot_IsLive_ButNotReady()
    {
        await using var gateway = await GatewayProcessRunner.StartAsync(_temp.Combine("state"));

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(gateway.HealthPort, "/healthz/live")).Status);
        var ready = await _http.GetAsync(gateway.HealthPort, "/healthz/ready");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: no snapshot yet\n"), ready);
        await Eventually.UntilAsync(() => gateway.Output.Contains("no snapshot yet (not ready)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the gateway to say it is not ready");
    }

    [Fact]
    public async Task AGivenSnapshot_IsServed_AndKept_SoARestartWithNothingToFeedItServesItAgain()
    {
        await using var backend = await Backend.StartAsync("from the app");
        var snapshot = new GatewaySnapshot(5)
        {
            Routes = [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:8080", backend.Address)])],
        };
        var given = _temp.Combine("snapshot-5.json");
        await File.WriteAllBytesAsync(given, GatewayConfigJson.Serialize(snapshot));
        var state = _temp.Combine("state");

        await using (var first = await GatewayProcessRunner.StartAsync(state, "--snapshot", given))
        {
            Assert.Equal((HttpStatusCode.OK, "ready: snapshot 5\n"), await _http.GetAsync(first.HealthPort, "/healthz/ready"));
            Assert.Equal((HttpStatusCode.OK, "from the app"), await _http.GetAsync(first.HttpPort, "/", "shop.test"));
            Assert.Equal(0, await first.StopAsync());
        }

        File.Delete(given);
        await using var second = await GatewayProcessRunner.StartAsync(state);
        Assert.Equal((HttpStatusCode.OK, "ready: snapshot 5\n"), await _http.GetAsync(second.HealthPort, "/healthz/ready"));
        Assert.Equal((HttpStatusCode.OK, "from the app"), await _http.GetAsync(second.HttpPort, "/", "shop.test"));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(second.HttpPort, "/", "other.test")).Status);
    }

    [Fact]
    public async Task BadArguments_AndASnapshotThatIsNotOne_AreNamed()
    {
        var (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--listen", "nowhere");
        Assert.Equal(2, code);
        Assert.Contains("--listen: 'nowhere' is not ADDRESS:PORT", output, StringComparison.Ordinal);

        (code, output) = await GatewayProcessRunner.RunAsync("--listen", "127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains("--state: required", output, StringComparison.Ordinal);

        (code, output) = await GatewayProcessRunner.RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);

        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "http://127.0.0.1:7070");
        Assert.Equal((2, true), (code, output.Contains("--token-file: required with --control-plane", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "ftp://somewhere");
        Assert.Equal((2, true), (code, output.Contains("--control-plane: 'ftp://somewhere' is not an http or https URL", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "http://127.0.0.1:7070", "--token-file", _temp.Combine("absent"), "--listen", "127.0.0.1:0");
        Assert.Equal((2, true), (code, output.Contains("--token-file: ", StringComparison.Ordinal) && output.Contains("absent", StringComparison.Ordinal)));
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Path, "--control-plane", "http://127.0.0.1:7070", "--token-file", "t", "--name", "no spaces");
        Assert.Equal((2, true), (code, output.Contains("--name: 'no spaces' is not a gateway name", StringComparison.Ordinal)));

        var broken = _temp.Combine("broken.json");
        await File.WriteAllTextAsync(broken, """{"routes":[]}""");
        (code, output) = await GatewayProcessRunner.RunAsync("--state", _temp.Combine("state"), "--listen", "127.0.0.1:0", "--snapshot", broken);
        Assert.Equal(1, code);
        Assert.Contains($"gantry-gateway: {broken}:", output, StringComparison.Ordinal);
        Assert.Contains("version", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }
}
