using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gantry.Gateway.Config;
using Gantry.Testing;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// <c>kill -USR2</c>: a successor takes over the gateway's listening sockets, no request fails across the restart,
/// and a successor that cannot start leaves the gateway serving.
/// </summary>
public sealed class GatewayRestartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _temp = new("gantry-gateway-restart");
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<int> _successors = [];

    [Fact]
    public async Task OnSigusr2_ASuccessorTakesTheSameSockets_AndNoRequestFails()
    {
        await using var backend = await Backend.StartAsync("""{"release":"1","instance":"backend"}""");
        var state = _temp.Combine("state");
        await using var gateway = await GatewayProcessRunner.StartAsync(state, "--snapshot", await SnapshotAsync(backend));
        var before = Ports(state)!;
        await using var keptAlive = new LoadGenerator(new Uri($"http://127.0.0.1:{gateway.HttpPort}"), "shop.test", clients: 3);
        await using var closing = new LoadGenerator(new Uri($"http://127.0.0.1:{gateway.HttpPort}"), "shop.test", clients: 2, closeConnections: true);
        keptAlive.Start();
        closing.Start();
        await Eventually.UntilAsync(() => keptAlive.Succeeded > 20 && closing.Succeeded > 20, Patience, "requests through the gateway");

        // Twice: the second time a successor hands over the sockets it inherited.
        var serving = gateway.Pid;
        for (var restart = 1; restart <= 2; restart++)
        {
            Signals.Send(serving, Signals.SIGUSR2);
            var successor = await Eventually.UntilAsync(() => Task.FromResult(Ports(state)), p => p is not null && p.Pid != serving, Patience, "a successor's ports.json");
            _successors.Add(successor!.Pid);
            Assert.Equal(before with { Pid = successor.Pid }, successor);
            await Eventually.UntilAsync(() => Exited(serving), Patience, $"gateway {serving} to drain and exit:\n{gateway.Output}");

            var (keptAliveAtExit, closingAtExit) = (keptAlive.Succeeded, closing.Succeeded);
            await Eventually.UntilAsync(() => keptAlive.Succeeded > keptAliveAtExit + 20 && closing.Succeeded > closingAtExit + 20, Patience, "requests served by the successor");
            serving = successor.Pid;
        }

        Assert.Equal(0, gateway.ExitCode);
        await keptAlive.StopAsync();
        await closing.StopAsync();
        Assert.True(keptAlive.Failures.Count == 0, $"kept-alive connections: {keptAlive.Describe()}\n{gateway.Output}");
        Assert.True(closing.Failures.Count == 0, $"new connections: {closing.Describe()}\n{gateway.Output}");

        using var ready = await _http.GetAsync($"http://127.0.0.1:{before.Health}/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(serving.ToString(CultureInfo.InvariantCulture), ready.Headers.GetValues("Gantry-Gateway-Pid").Single());
        Assert.Contains($"Handed over to successor {serving}", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuccessorThatCannotStart_LeavesTheGatewayServing_AndItsArgumentsAreUsedOnce()
    {
        await using var backend = await Backend.StartAsync("""{"release":"1","instance":"backend"}""");
        var state = _temp.Combine("state");
        await using var gateway = await GatewayProcessRunner.StartAsync(state, "--snapshot", await SnapshotAsync(backend));
        var nextArgs = Path.Combine(state, "next-args.json");
        await File.WriteAllTextAsync(nextArgs, """["--state", "unused", "--no-such-option", "x"]""");

        Signals.Send(gateway.Pid, Signals.SIGUSR2);
        await Eventually.UntilAsync(() => gateway.Output.Contains("Restart abandoned", StringComparison.Ordinal), Patience, $"the restart to be abandoned:\n{gateway.Output}");

        Assert.False(gateway.HasExited);
        Assert.False(File.Exists(nextArgs));
        Assert.Contains("exited with code 2", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("--no-such-option: unknown option", gateway.Output, StringComparison.Ordinal);
        Assert.Equal(gateway.Pid, Ports(state)!.Pid);
        Assert.Equal((HttpStatusCode.OK, """{"release":"1","instance":"backend"}"""), await _http.GetAsync(gateway.HttpPort, "/", "shop.test"));
        Assert.Equal((HttpStatusCode.OK, "ready: snapshot 3\n"), await _http.GetAsync(gateway.HealthPort, "/healthz/ready"));
    }

    [Fact]
    public async Task ASuccessorThatNeverGetsReady_IsStoppedAfterTheDeadline_AndTheGatewayServesOn()
    {
        await using var backend = await Backend.StartAsync("""{"release":"1","instance":"backend"}""");
        var state = _temp.Combine("state");
        await using var gateway = await GatewayProcessRunner.StartAsync(state, "--snapshot", await SnapshotAsync(backend));

        // The successor follows a control plane that is not there, keeping its state elsewhere: it runs, but never
        // becomes this gateway's ready successor (no ports in this state folder, no snapshot to serve).
        var tokenFile = _temp.Combine("token");
        await File.WriteAllTextAsync(tokenFile, "not-used");
        await File.WriteAllTextAsync(Path.Combine(state, "next-args.json"), JsonSerializer.Serialize(new[]
        {
            "--state", _temp.Combine("elsewhere"), "--control-plane", await Backend.StoppedAddressAsync(), "--token-file", tokenFile,
        }));

        Signals.Send(gateway.Pid, Signals.SIGUSR2);
        var started = await Eventually.UntilAsync(() => Task.FromResult(SuccessorPid(gateway.Output)), pid => pid > 0, Patience, $"a successor to start:\n{gateway.Output}");
        _successors.Add(started);
        await Eventually.UntilAsync(() => gateway.Output.Contains("Restart abandoned", StringComparison.Ordinal), Patience, $"the restart to be abandoned:\n{gateway.Output}");

        Assert.Contains($"successor {started} did not answer /healthz/ready within 30 s", gateway.Output, StringComparison.Ordinal);
        Assert.True(Exited(started), $"successor {started} still runs");
        Assert.False(gateway.HasExited);
        Assert.Equal(gateway.Pid, Ports(state)!.Pid);
        Assert.Equal((HttpStatusCode.OK, """{"release":"1","instance":"backend"}"""), await _http.GetAsync(gateway.HttpPort, "/", "shop.test"));
    }

    public void Dispose()
    {
        // A successor outlives the gateway that started it: it is no child of the test, so it is stopped by its pid.
        foreach (var pid in _successors)
        {
            try
            {
                using var successor = Process.GetProcessById(pid);
                successor.Kill(entireProcessTree: true);
                successor.WaitForExit(TimeSpan.FromSeconds(30));
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        _http.Dispose();
        _temp.Dispose();
    }

    private async Task<string> SnapshotAsync(Backend backend)
    {
        var snapshot = new GatewaySnapshot(3)
        {
            Routes = [new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:8080", backend.Address)])],
        };
        var given = _temp.Combine("snapshot-3.json");
        await File.WriteAllBytesAsync(given, GatewayConfigJson.Serialize(snapshot));
        return given;
    }

    private static GatewayPorts? Ports(string state) => GatewayPorts.Read(state);

    /// <summary>The pid in the "successor N started" line (0 before it).</summary>
    private static int SuccessorPid(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, @"Restarting: successor (\d+) started");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Gone, or a zombie: a successor's parent is gone, and who reaps it then is the container's business.</summary>
    private static bool Exited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
    }
}
