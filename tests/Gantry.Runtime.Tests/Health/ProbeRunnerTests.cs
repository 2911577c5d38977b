using System.Collections.Immutable;
using Gantry.Runtime.Health;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Gantry.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Health;

public sealed class ProbeRunnerTests(ProbeRunnerTests.NodeInstance node) : IClassFixture<ProbeRunnerTests.NodeInstance>
{
    [Theory]
    [InlineData("/healthz", true, "GET /healthz → 200")]
    [InlineData("/redirect", true, "GET /redirect → 302")]
    [InlineData("/headers", false, "GET /headers → 400")]
    public async Task Http_CountsSuccessAndRedirectsAsHealthy_AndSaysWhatItGot(string path, bool healthy, string description)
    {
        var result = await ProbeRunner.Shared.RunAsync(Http(path), node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(healthy, description), result);
    }

    [Fact]
    public async Task Http_SendsTheHostHeaderAndExtraHeaders()
    {
        var probe = Http("/headers") with { Host = "app.example.test", Headers = [KeyValuePair.Create("X-Probe", "yes")] };

        var result = await ProbeRunner.Shared.RunAsync(probe, node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(true, "GET /headers → 204"), result);
    }

    [Fact]
    public async Task Http_ToAPortNobodyListensOn_SaysConnectionRefused()
    {
        var result = await ProbeRunner.Shared.RunAsync(Http("/healthz") with { ContainerPort = 9090 }, node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(false, "GET /healthz: connection refused"), result);
    }

    [Fact]
    public async Task Tcp_SucceedsOnAListeningPort_AndNamesTheAddressWhenRefused()
    {
        var probe = Http("") with { Kind = ProbeKind.Tcp };

        var open = await ProbeRunner.Shared.RunAsync(probe, node.Instance, CancellationToken.None);
        var closed = await ProbeRunner.Shared.RunAsync(probe with { ContainerPort = 9090 }, node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(true, $"connect 127.0.0.1:{node.Instance.HostPorts[8080]}: ok"), open);
        Assert.Equal(new ProbeResult(false, $"connect 127.0.0.1:{node.Instance.HostPorts[9090]}: connection refused"), closed);
    }

    [Fact]
    public async Task AProbeOfAPortTheInstanceDoesNotHave_Fails()
    {
        var result = await ProbeRunner.Shared.RunAsync(Http("/") with { ContainerPort = 1234 }, node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(false, "port 1234 is not one of the instance's ports"), result);
    }

    [Fact]
    public async Task Exec_RunsInTheInstancesFolderWithItsEnvironment()
    {
        var probe = Exec("sh", "-c", "test -f marker.txt && test \"$PORT\" = \"$PORT_8080\" && test -n \"$PORT\"");

        var result = await ProbeRunner.Shared.RunAsync(probe, node.Instance, CancellationToken.None);

        Assert.True(result.Success, result.Description);
    }

    [Fact]
    public async Task Exec_ThatFails_ReportsTheExitCodeAndItsLastOutputLine()
    {
        var probe = Exec("sh", "-c", "echo checking; echo 'database unreachable' >&2; exit 1");

        var result = await ProbeRunner.Shared.RunAsync(probe, node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(false, "exec sh -c echo checking; echo 'database unreachable' >&2; exit 1 → exit 1: database unreachable"), result);
    }

    [Fact]
    public async Task Exec_ThatTakesLongerThanTheTimeout_FailsAsTimedOut()
    {
        var probe = Exec("sleep", "10") with { Timeout = TimeSpan.FromMilliseconds(200) };

        var result = await ProbeRunner.Shared.RunAsync(probe, node.Instance, CancellationToken.None);

        Assert.Equal(new ProbeResult(false, "exec sleep 10: timed out after 0.2s"), result);
    }

    private static ProbeDefinition Http(string path) => new(
        ProbeKind.Http, 8080, path, "HTTP", null, ImmutableArray<KeyValuePair<string, string>>.Empty, [],
        Period: TimeSpan.FromSeconds(1), Timeout: TimeSpan.FromSeconds(5), FailureThreshold: 3);

    private static ProbeDefinition Exec(params string[] command) => Http("") with { Kind = ProbeKind.Exec, Command = [.. command] };

    /// <summary>One node HTTP server instance (ports 8080, and 9090 where nothing listens) shared by the tests of this class.</summary>
    public sealed class NodeInstance : IAsyncLifetime
    {
        private readonly TempDirectory _temp = new();
        private InstanceLog? _log;

        public IRunningInstance Instance { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _temp.Write("marker.txt", "here");
            var spec = Specs.Node(_temp.Path, null, 8080, 9090);
            _log = new LogStore(_temp.Combine("logs")).Open(spec.App, spec.Workload, spec.InstanceId);
            var driver = new ProcessDriver(_temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
            Instance = await driver.StartAsync(spec, _log, CancellationToken.None);
            await Poll.UntilAsync(() => _log.Tail(10).Any(l => l.Text.StartsWith("listening", StringComparison.Ordinal)), "node listens");
        }

        public async Task DisposeAsync()
        {
            await Instance.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            await Instance.DisposeAsync();
            _log?.Dispose();
            _temp.Dispose();
        }
    }
}
