using System.Collections.Immutable;
using Gantry.Runtime.Health;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Gantry.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Instances.Process;

/// <summary>What the process runtime says when a readiness check fails: the port it gave the app ($PORT) against the ports the app listens on.</summary>
public sealed class ExplainFailedReadinessTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LogStore _logs;
    private readonly ProcessDriver _driver;

    public ExplainFailedReadinessTests()
    {
        _logs = new LogStore(_temp.Combine("logs"));
        _driver = new ProcessDriver(_temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WhenTheAppListensOnOtherPorts_NamesThemAndThePortItWasGiven()
    {
        var spec = Specs.Shell(Python.WriteListener(_temp.Path, "0 0") + "; true", _temp.Path, 8080);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var listening = await ListeningAsync(log);

        var hint = instance.ExplainFailedReadiness(Tcp(8080));

        var port = instance.HostPorts[8080];
        Assert.Equal(
            $"the process runtime gives each instance its port in $PORT={port}; the app listens on {listening.Min()}, {listening.Max()} "
                + "(read the PORT variable in the app, or run the command through sh -c with $PORT in it)",
            hint);
    }

    [Fact]
    public async Task WhenTheAppListensOnNoPort_SaysSo()
    {
        var spec = Specs.Shell("echo started; sleep 60", _temp.Path, 8080);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l.Text == "started"), "the script to start");

        var hint = instance.ExplainFailedReadiness(Http(8080));

        Assert.Equal(
            $"the process runtime gives each instance its port in $PORT={instance.HostPorts[8080]}; the app listens on no port "
                + "(read the PORT variable in the app, or run the command through sh -c with $PORT in it)",
            hint);
    }

    [Fact]
    public async Task WhenTheAppListensOnThePortItWasGiven_SaysNothing_EvenIfItListensOnOthersToo()
    {
        var spec = Specs.Shell(Python.WriteListener(_temp.Path, "\"$PORT\" 0") + "; true", _temp.Path, 8080);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var listening = await ListeningAsync(log);

        var hint = instance.ExplainFailedReadiness(Http(8080));

        Assert.Contains(instance.HostPorts[8080], listening);
        Assert.Null(hint);
    }

    [Fact]
    public async Task ForAFurtherContainerPort_NamesItsOwnVariable()
    {
        var spec = Specs.Shell(Python.WriteListener(_temp.Path, "\"$PORT\"") + "; true", _temp.Path, 8080, 9090);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        await ListeningAsync(log);

        var hint = instance.ExplainFailedReadiness(Tcp(9090));

        Assert.Equal(
            $"the process runtime gives each instance its port in $PORT_9090={instance.HostPorts[9090]}; the app listens on {instance.HostPorts[8080]} "
                + "(read the PORT_9090 variable in the app, or run the command through sh -c with $PORT_9090 in it)",
            hint);
    }

    [Fact]
    public async Task WhenTheAppsVariablesReplacePort_SaysSo()
    {
        // PORT=0 stands in for the usual PORT=8080, which could be taken on a shared machine.
        var spec = Specs.Shell(Python.WriteListener(_temp.Path, "\"$PORT\"") + "; true", _temp.Path, 8080) with { Environment = Specs.Env(("PORT", "0")) };
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var listening = await ListeningAsync(log);

        var hint = instance.ExplainFailedReadiness(Tcp(8080));

        Assert.Equal(
            $"the process runtime gives each instance its port in $PORT={instance.HostPorts[8080]}, but the app's variables set PORT=0; "
                + $"the app listens on {listening.Single()} (remove PORT from the app's variables; then read the PORT variable in the app, or run the command through sh -c with $PORT in it)",
            hint);
    }

    [Fact]
    public async Task ForAnExecProbe_SaysNothing_ForItChecksNoPort()
    {
        var spec = Specs.Shell("echo started; sleep 60", _temp.Path, 8080);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);

        Assert.Null(instance.ExplainFailedReadiness(Tcp(8080) with { Kind = ProbeKind.Exec, Command = ["false"] }));
    }

    private InstanceLog Open(InstanceSpec spec) => _logs.Open(spec.App, spec.Workload, spec.InstanceId);

    private static async Task<int[]> ListeningAsync(InstanceLog log)
    {
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l.Text.StartsWith("listening ", StringComparison.Ordinal)), "the app to listen");
        return Python.Ports(log.Tail(10).First(l => l.Text.StartsWith("listening ", StringComparison.Ordinal)).Text);
    }

    private static ProbeDefinition Tcp(int port) => new(
        ProbeKind.Tcp, port, "", "HTTP", null, ImmutableArray<KeyValuePair<string, string>>.Empty, [],
        Period: TimeSpan.FromSeconds(1), Timeout: TimeSpan.FromSeconds(1), FailureThreshold: 3);

    private static ProbeDefinition Http(int port) => Tcp(port) with { Kind = ProbeKind.Http, Path = "/healthz" };
}
