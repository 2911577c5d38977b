using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gantry.Runtime.Health;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Gantry.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Instances;

public sealed class InstanceSupervisorTests : IAsyncLifetime
{
    private static readonly RestartPolicy FastRestarts = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), TimeSpan.FromHours(1));
    private static readonly HealthChecks NoChecks = new(null, null);

    private readonly TempDirectory _temp = new();
    private readonly LogStore _logs;
    private readonly ProcessDriver _driver;
    private readonly List<InstanceSupervisor> _supervisors = [];
    private readonly ConcurrentQueue<InstanceStatus> _history = new();

    public InstanceSupervisorTests()
    {
        _logs = new LogStore(_temp.Combine("logs"));
        _driver = new ProcessDriver(_temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var supervisor in _supervisors)
        {
            await supervisor.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task ACrashingInstance_IsRestartedWithGrowingDelays_AndShowsWhyItCrashed()
    {
        var (supervisor, log) = Supervise(Specs.Shell("echo starting >&2; echo 'config file missing' >&2; exit 3", _temp.Path), NoChecks);

        var status = await WaitAsync(supervisor, s => s.Restarts >= 4 && s.Phase == InstancePhase.CrashLoopBackOff, "four restarts");

        Assert.Equal(3, status.LastExit!.ExitCode);
        Assert.Null(status.LastExit.Signal);
        Assert.Equal(["starting", "config file missing"], status.LastLogLines.TakeLast(2));
        Assert.False(status.Ready);
        Assert.NotNull(status.NextRestartAt);
        var restartLines = log.Tail(200).Where(l => l.Stream == "gantry").Select(l => l.Text).Take(5).ToList();
        Assert.Equal(
            [
                "exited with exit code 3; restarting in 0.05s",
                "exited with exit code 3; restarting in 0.1s",
                "exited with exit code 3; restarting in 0.2s",
                "exited with exit code 3; restarting in 0.4s",
                "exited with exit code 3; restarting in 0.4s",
            ],
            restartLines);
        Assert.Contains(_history, s => s.Phase == InstancePhase.Running && s.ProcessId is not null);
    }

    [Fact]
    public async Task TheBackoff_StartsOverAfterTheInstanceRanStableLongEnough()
    {
        var policy = new RestartPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), StableAfter: TimeSpan.FromMilliseconds(200));
        var (supervisor, log) = Supervise(Specs.Shell("sleep 0.3; exit 1", _temp.Path), NoChecks, policy);

        await WaitAsync(supervisor, s => s.Restarts >= 3, "three restarts");

        var restartLines = log.Tail(200).Where(l => l.Stream == "gantry").Select(l => l.Text).Take(3);
        Assert.All(restartLines, text => Assert.Equal("exited with exit code 1; restarting in 0.05s", text));
    }

    [Fact]
    public async Task AnInstanceThatCannotStart_IsTreatedLikeACrash_WithTheReasonAsLastLogLine()
    {
        var (supervisor, _) = Supervise(Specs.Command("no-such-program-gantry", [], _temp.Path), NoChecks);

        var status = await WaitAsync(supervisor, s => s.Phase == InstancePhase.CrashLoopBackOff, "crash loop");

        Assert.Equal(127, status.LastExit!.ExitCode);
        Assert.StartsWith("failed to start: executable 'no-such-program-gantry' not found on PATH", status.LastLogLines[^1]);
    }

    [Fact]
    public async Task Readiness_TurnsTrue_OnceTheHttpServerAnswers()
    {
        // Long enough for a probe to find nothing listening even when a loaded machine delays the probe loop (400 ms
        // was not, once, with the whole suite running).
        var spec = Specs.Node(_temp.Path, Specs.Env(("DELAY", "2000")), 8080);
        var (supervisor, _) = Supervise(spec, new HealthChecks(Http("/healthz"), null));

        var ready = await WaitAsync(supervisor, s => s.Ready, "ready");

        Assert.Equal("GET /healthz → 200", ready.LastProbe);
        Assert.Equal(InstancePhase.Running, ready.Phase);
        Assert.Contains(_history, s => !s.Ready && s.LastProbe == "GET /healthz: connection refused");
    }

    [Fact]
    public async Task FailingHttpReadiness_KeepsTheInstanceUnready_WithTheProbeResult()
    {
        var spec = Specs.Node(_temp.Path, Specs.Env(("STATUS", "503")), 8080);
        var (supervisor, _) = Supervise(spec, new HealthChecks(Http("/healthz"), null));

        var status = await WaitAsync(supervisor, s => s.LastProbe == "GET /healthz → 503", "the probe sees 503");

        Assert.False(status.Ready);
        Assert.DoesNotContain(_history, s => s.Ready);
        Assert.Equal(0, status.Restarts);
    }

    [Fact]
    public async Task Readiness_TurnsFalse_OnlyAfterTheFailureThresholdIsReached()
    {
        var spec = Specs.Node(_temp.Path, Specs.Env(("READY_OK_COUNT", "2")), 8080);
        var (supervisor, _) = Supervise(spec, new HealthChecks(Http("/healthz") with { Period = TimeSpan.FromMilliseconds(50) }, null));
        await WaitAsync(supervisor, s => s.Ready, "ready");

        var unready = await WaitAsync(supervisor, s => !s.Ready && s.LastProbe == "GET /healthz → 503", "unready");

        Assert.Contains(_history, s => s.Ready && s.LastProbe == "GET /healthz → 503"); // the first failures did not count yet
        Assert.Equal(InstancePhase.Running, unready.Phase);
        Assert.Equal(0, unready.Restarts);
    }

    [Fact]
    public async Task WithoutAReadinessProbe_TheFirstPortAcceptingConnectionsMakesItReady()
    {
        var spec = Specs.Node(_temp.Path, Specs.Env(("DELAY", "300")), 8080);
        var (supervisor, _) = Supervise(spec, NoChecks);

        var ready = await WaitAsync(supervisor, s => s.Ready, "ready");

        Assert.Equal($"connect 127.0.0.1:{ready.HostPorts[8080]}: ok", ready.LastProbe);
    }

    [Fact]
    public async Task FailingReadiness_OfAnAppListeningOnAnotherPort_SaysSoBesideTheProbeResult()
    {
        var spec = Specs.Shell(Python.WriteListener(_temp.Path, "0") + "; true", _temp.Path, 8080);
        var (supervisor, log) = Supervise(spec, NoChecks);

        var status = await WaitAsync(supervisor, s => s.ReadinessHint is not null, "the runtime to explain the failing check");

        var port = status.HostPorts[8080];
        var listening = Python.Ports(log.Tail(10).First(l => l.Text.StartsWith("listening ", StringComparison.Ordinal)).Text).Single();
        Assert.Equal(
            $"the process runtime gives each instance its port in $PORT={port}; the app listens on {listening} (read the PORT variable in the app, or run the command through sh -c with $PORT in it)",
            status.ReadinessHint);
        Assert.Equal($"connect 127.0.0.1:{port}: connection refused", status.LastProbe);
        Assert.False(status.Ready);
    }

    [Fact]
    public async Task TheReadinessHint_GoesAway_OnceTheAppListensOnItsPort()
    {
        // Listens elsewhere until the test creates "go", then on $PORT as well.
        var listener = Python.WriteListener(_temp.Path, "0");
        var spec = Specs.Shell($"{listener} & while [ ! -e go ]; do sleep 0.05; done; {listener} \"$PORT\"", _temp.Path, 8080);
        var (supervisor, _) = Supervise(spec, NoChecks);
        await WaitAsync(supervisor, s => s.ReadinessHint is not null, "the runtime to explain the failing check");

        File.WriteAllText(_temp.Combine("go"), "");
        var ready = await WaitAsync(supervisor, s => s.Ready, "ready");

        Assert.Null(ready.ReadinessHint);
        Assert.Equal($"connect 127.0.0.1:{ready.HostPorts[8080]}: ok", ready.LastProbe);
    }

    [Fact]
    public async Task WithoutPorts_TheInstanceIsReadyOnceRunning()
    {
        var (supervisor, _) = Supervise(Specs.Shell("exec sleep 1000", _temp.Path), NoChecks);

        var ready = await WaitAsync(supervisor, s => s.Ready, "ready");

        Assert.Equal(InstancePhase.Running, ready.Phase);
        Assert.Null(ready.LastProbe);
    }

    [Fact]
    public async Task FailingLiveness_AfterItPassedOnce_RestartsTheInstance()
    {
        var spec = Specs.Node(_temp.Path, Specs.Env(("LIVE_OK_COUNT", "2")), 8080);
        var liveness = Http("/live") with { Period = TimeSpan.FromMilliseconds(100), FailureThreshold = 2 };
        var (supervisor, log) = Supervise(spec, new HealthChecks(Http("/healthz"), liveness));

        var restarted = await WaitAsync(supervisor, s => s.Restarts >= 1, "a restart");

        Assert.Contains(log.Tail(200), l => l.Stream == "gantry" && l.Text == "liveness probe failed 2 times in a row (GET /live → 500); stopping it");
        Assert.Contains(log.Tail(200), l => l.Stream == "gantry" && l.Text.StartsWith("failed its liveness probe and exited with exit code 0; restarting in", StringComparison.Ordinal));
        Assert.Contains(_history, s => s.Ready); // it was ready (readiness passes) before liveness failed
        Assert.True(restarted.LastExit?.FailedLiveness, "the exit says the supervisor stopped it for failing liveness");
    }

    [Fact]
    public async Task AnExit_MakesTheInstanceUnreadyAtOnce()
    {
        var (supervisor, _) = Supervise(Specs.Shell("sleep 0.5; exit 0", _temp.Path), NoChecks);
        await WaitAsync(supervisor, s => s.Ready, "ready");

        var exited = await WaitAsync(supervisor, s => s.LastExit is not null, "the exit is recorded");

        Assert.False(exited.Ready);
        Assert.Equal(InstancePhase.CrashLoopBackOff, exited.Phase);
    }

    [Fact]
    public async Task StopAsync_StopsTheInstanceAndRestartsNoMore()
    {
        var (supervisor, _) = Supervise(Specs.Shell("exec sleep 1000", _temp.Path), NoChecks);
        var running = await WaitAsync(supervisor, s => s.Ready, "ready");

        await supervisor.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(InstancePhase.Stopped, supervisor.Status.Phase);
        Assert.False(supervisor.Status.Ready);
        Assert.Equal(0, supervisor.Status.Restarts);
        Assert.Contains(_history, s => s.Phase == InstancePhase.Stopping);
        await Poll.UntilAsync(() => !Processes.IsAlive(running.ProcessId!.Value), "the process is gone");
    }

    [Fact]
    public async Task StopAsync_DuringBackoff_EndsStoppedWithoutAnotherStart()
    {
        var slowRestarts = new RestartPolicy(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        var (supervisor, _) = Supervise(Specs.Shell("exit 2", _temp.Path), NoChecks, slowRestarts);
        await WaitAsync(supervisor, s => s.Phase == InstancePhase.CrashLoopBackOff, "crash loop");

        await supervisor.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Poll.DefaultTimeout);

        Assert.Equal(InstancePhase.Stopped, supervisor.Status.Phase);
        Assert.Equal(2, supervisor.Status.LastExit!.ExitCode);
    }

    private (InstanceSupervisor Supervisor, InstanceLog Log) Supervise(InstanceSpec spec, HealthChecks checks, RestartPolicy? policy = null)
    {
        var log = _logs.Open(spec.App, spec.Workload, spec.InstanceId);
        var supervisor = new InstanceSupervisor(_driver, spec, checks, policy ?? FastRestarts, log, TimeProvider.System, NullLogger.Instance);
        supervisor.Changed += _history.Enqueue;
        _supervisors.Add(supervisor);
        supervisor.Start();
        return (supervisor, log);
    }

    private static async Task<InstanceStatus> WaitAsync(InstanceSupervisor supervisor, Func<InstanceStatus, bool> predicate, string what)
    {
        using var timeout = new CancellationTokenSource(Poll.DefaultTimeout);
        try
        {
            return await supervisor.WaitAsync(predicate, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"timed out waiting for {what}; last status: {supervisor.Status}");
        }
    }

    [Fact]
    public async Task Usage_OfABusyInstance_ShowsItsCpuAndMemory_AcrossItsWholeProcessGroup()
    {
        // The busy loop runs in a child of the shell: only counting the whole group sees it.
        var (supervisor, _) = Supervise(Specs.Shell("sh -c 'while :; do :; done' & wait", _temp.Path), NoChecks);
        await WaitAsync(supervisor, s => s.Phase == InstancePhase.Running, "the instance to run");

        ResourceUsage? usage = null;
        await Poll.UntilAsync(() => (usage = supervisor.UsageAsync(CancellationToken.None).GetAwaiter().GetResult()) is { CpuPercent: > 20 }, "a busy CPU to show");

        Assert.True(usage!.MemoryBytes > 0);
        await supervisor.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Null(await supervisor.UsageAsync(CancellationToken.None));
    }

    private static ProbeDefinition Http(string path) => new(
        ProbeKind.Http, 8080, path, "HTTP", null, ImmutableArray<KeyValuePair<string, string>>.Empty, [],
        Period: TimeSpan.FromMilliseconds(200), Timeout: TimeSpan.FromSeconds(2), FailureThreshold: 3);
}
