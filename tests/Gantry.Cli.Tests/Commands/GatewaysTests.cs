using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.Testing;
using Xunit.Abstractions;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// A second gateway, started with <c>gantry gateway --control-plane … --token-file …</c>, follows <c>gantry up</c>'s
/// configuration stream: it serves the apps deployed there, a new release reaches it as it reaches the first, and
/// <c>gantry gateways list</c> shows it with the version it applied.
/// </summary>
public sealed class GatewaysTests(ITestOutputHelper output) : RunningGantryTest("gantry-gateways")
{
    [Fact]
    public async Task ASecondGateway_ServesTheDeployedApp_TakesANewRelease_AndIsListed()
    {
        var site = Temp.Combine("site");
        await DeploySiteAsync(site, "<h1>first</h1>");
        await using var edge = await SecondGateway.StartAsync(Gantry, Temp.Combine("edge"), "edge-2");
        var port = edge.Port;
        using var http = new HttpClient();
        await Eventually.UntilAsync(() => GetAsync(http, port, "docs.localhost"), body => body.Contains("first", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the second gateway to serve the app");

        // A new release: both gateways serve it.
        await DeploySiteAsync(site, "<h1>second</h1>");
        var clock = Stopwatch.StartNew();
        await Eventually.UntilAsync(() => GetAsync(http, port, "docs.localhost"), body => body.Contains("second", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the second gateway to serve the new release");
        output.WriteLine($"the second gateway served the new release {clock.ElapsedMilliseconds} ms after 'deploy --wait' returned");
        Assert.Contains("second", await (await Gantry.GetAsync("docs.localhost")).Content.ReadAsStringAsync());

        var listed = await Eventually.UntilAsync(async () => JsonSerializer.Deserialize<List<GatewayInfo>>((await Gantry.RunAsync("gateways", "list", "--json")).Stdout, JsonSerializerOptions.Web)!,
            l => l.Any(g => g.Name == "edge-2" && g.Lag == 0 && g.Version > 0) && l.Any(g => g.Name == "local" && g.Lag == 0), TimeSpan.FromSeconds(30), "edge-2 and gantry up's own gateway to be listed up to date");
        var edgeInfo = listed.Single(g => g.Name == "edge-2");
        Assert.True(edgeInfo.Connected && edgeInfo.Ready);
        Assert.Equal(edge.Pid, edgeInfo.Pid);
        Assert.Contains(listed, g => g.Name == "local" && g.Connected && g.Version == edgeInfo.Version);

        var table = await Gantry.RunAsync("gateways", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("edge-2", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("connected", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await edge.StopAsync());
    }

    [Fact]
    public async Task ASecondGateway_OnSigusr2_HandsItsPortToAGantryGatewaySuccessor_WithItsOptions()
    {
        await DeploySiteAsync(Temp.Combine("site"), "<h1>first</h1>");
        var state = Temp.Combine("edge");
        await using var edge = await SecondGateway.StartAsync(Gantry, state, "edge-4", "--no-fast-path");
        using var http = new HttpClient();
        await Eventually.UntilAsync(() => GetAsync(http, edge.Port, "docs.localhost"), body => body.Contains("first", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the second gateway to serve the app");

        Signals.Send(edge.Pid, Signals.SIGUSR2);
        var (successor, health) = await Eventually.UntilAsync(() => Task.FromResult(SecondGateway.ServingIn(state)), s => s.Pid > 0 && s.Pid != edge.Pid, TimeSpan.FromSeconds(60), $"a successor to take over:\n{edge.Output}");
        try
        {
            await Eventually.UntilAsync(() => Task.FromResult(edge.HasExited), TimeSpan.FromSeconds(60), $"gantry gateway to drain and exit:\n{edge.Output}");
            Assert.Equal(0, edge.ExitCode);
            var command = (await File.ReadAllTextAsync($"/proc/{successor}/cmdline")).Split('\0');
            Assert.EndsWith("gantry-gateway", command[0], StringComparison.Ordinal);
            Assert.Contains("--no-fast-path", command);

            // The same port, served by the successor, still without the fast path.
            Assert.Contains("first", await GetAsync(http, edge.Port, "docs.localhost"), StringComparison.Ordinal);
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{health}/metrics");
            Assert.Contains("gantry_gateway_fast_path_requests_total 0", metrics, StringComparison.Ordinal);
        }
        finally
        {
            Signals.Send(successor, Signals.SIGTERM);
        }
    }

    [Fact]
    public async Task ARollout_UnderLoadThroughASecondGateway_FailsNoRequest()
    {
        var v1 = new NodeApp(Greeting: "v1", Replicas: 2).WriteTo(Temp.Combine("apps", "v1"));
        Assert.Equal(0, (await Gantry.RunAsync("deploy", "-f", v1, "--wait")).ExitCode);
        await using var edge = await SecondGateway.StartAsync(Gantry, Temp.Combine("edge"), "edge-3");
        await using var load = new LoadGenerator(new Uri($"http://127.0.0.1:{edge.Port}"), "echo.localhost");
        load.Start();
        await Eventually.UntilAsync(() => load.Succeeded > 20, TimeSpan.FromSeconds(30), "traffic to flow through the second gateway");

        var v2 = new NodeApp(Greeting: "v2", Replicas: 2).WriteTo(Temp.Combine("apps", "v2"));
        var deploy = await Gantry.RunAsync("deploy", "-f", v2, "--wait", "--timeout", "90s");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        await Eventually.UntilAsync(() => load.Releases.GetValueOrDefault("2") > 20, TimeSpan.FromSeconds(10), "release 2 to serve through the second gateway");
        await load.StopAsync();

        Assert.True(load.Failures.Count == 0, load.Describe() + "\n--- gateway\n" + edge.Output);
        Assert.True(load.Releases.ContainsKey("1"), load.Describe());
        Assert.Equal(0, await edge.StopAsync());
    }

    [Fact]
    public async Task GatewayArguments_AreChecked_BeforeAnythingStarts()
    {
        // The spec-file gateway of earlier versions: the way forward, not "unknown option".
        var config = await Gantry.RunAsync("gateway", "--config", "app.json");
        Assert.Equal((2, true), (config.ExitCode, config.Stderr.Contains("clusters now run the gantry-gateway image", StringComparison.Ordinal)));
        var neither = await Gantry.RunAsync("gateway");
        Assert.Equal((2, true), (neither.ExitCode, neither.Stderr.Contains("--control-plane: required", StringComparison.Ordinal)));
        var noToken = await Gantry.RunAsync("gateway", "--control-plane", "http://127.0.0.1:1", "--port", "0", "--state", Temp.Combine("s"));
        Assert.Equal((2, true), (noToken.ExitCode, noToken.Stderr.Contains("--token-file: required with --control-plane", StringComparison.Ordinal)));
    }

    private async Task DeploySiteAsync(string site, string html)
    {
        var deploy = await Gantry.RunAsync("deploy", "-f", StaticSite.WriteTo(site, html), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
    }

    private static async Task<string> GetAsync(HttpClient http, int port, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
        request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : $"{(int)response.StatusCode}";
    }
}
