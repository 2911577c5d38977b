using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Gantry.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Instances.Process;

public sealed partial class ProcessDriverTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LogStore _logs;
    private readonly ProcessDriver _driver;

    public ProcessDriverTests()
    {
        _logs = new LogStore(_temp.Combine("logs"));
        _driver = new ProcessDriver(_temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task StartAsync_PassesPortsAndEnvironment_AndCapturesOutputByStream()
    {
        const string script = """
            echo "port=$PORT port8080=$PORT_8080 port9090=$PORT_9090 host=$HOST urls=$ASPNETCORE_URLS"
            echo "greeting=$GREETING from=$FROM msbuild=$(env | grep -c -i -e '^msbuild' -e '^_msbuild' -e '^vstest' -e '^DOTNET_HOST_PATH=')"
            echo "something went wrong" >&2
            exit 3
            """;
        var spec = Specs.Shell(script, _temp.Path, 8080, 9090) with
        {
            Launch = Specs.Shell(script, _temp.Path).Launch with { Environment = Specs.Env(("GREETING", "from launch"), ("FROM", "launch")) },
            Environment = Specs.Env(("GREETING", "hello")),
        };
        using var log = Open(spec);

        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var exit = await Poll.WithinAsync(instance.Exited, "the script exits");

        var port = instance.HostPorts[8080];
        Assert.NotEqual(instance.HostPorts[8080], instance.HostPorts[9090]);
        Assert.Equal(new InstanceExit(3, null, exit.At), exit);
        var lines = log.Tail(10).Select(l => (l.Stream, l.Text)).ToList();
        Assert.Contains(("stdout", $"port={port} port8080={port} port9090={instance.HostPorts[9090]} host=127.0.0.1 urls=http://127.0.0.1:{port}"), lines);
        Assert.Contains(("stdout", "greeting=hello from=launch msbuild=0"), lines);
        Assert.Contains(("stderr", "something went wrong"), lines);
    }

    [Fact]
    public async Task StopAsync_SendsSigtermToTheProcessGroup_SoTheInstanceCanShutDownCleanly()
    {
        var spec = Specs.Shell("trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 0.1; done", _temp.Path);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l.Text == "ready"), "the script is ready");

        await instance.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        var exit = await instance.Exited;
        Assert.Equal((0, null), (exit.ExitCode, exit.Signal));
        Assert.Contains(log.Tail(10), l => l.Text == "got TERM");
    }

    [Fact]
    public async Task StopAsync_KillsTheGroupWithSigkill_WhenItIgnoresSigtermPastTheGracePeriod()
    {
        var spec = Specs.Shell("trap '' TERM; echo ready; while true; do sleep 0.1; done", _temp.Path);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l.Text == "ready"), "the script is ready");
        var watch = Stopwatch.StartNew();

        await instance.StopAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);

        var exit = await instance.Exited;
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"stopped after {watch.Elapsed}");
        Assert.Equal((137, "SIGKILL"), (exit.ExitCode, exit.Signal));
        Assert.Equal("killed by SIGKILL (exit code 137)", exit.ToString());
    }

    [Fact]
    public async Task StopAsync_LeavesNoChildProcessOfTheInstanceBehind()
    {
        var spec = Specs.Shell("sleep 1000 & echo child=$!; wait", _temp.Path);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var child = await ChildPidAsync(log);
        Assert.True(Processes.IsAlive(child));

        await instance.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        await Poll.UntilAsync(() => !Processes.IsAlive(child), $"child process {child} is gone");
        Assert.False(Processes.IsAlive(instance.ProcessId!.Value));
    }

    [Fact]
    public async Task Exited_KillsWhatTheMainProcessLeftRunning_WhenItExitsByItself()
    {
        var spec = Specs.Shell("sleep 1000 & echo child=$!; sleep 0.2; exit 0", _temp.Path);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var child = await ChildPidAsync(log);

        await Poll.WithinAsync(instance.Exited, "the script exits");

        await Poll.UntilAsync(() => !Processes.IsAlive(child), $"orphaned child {child} is gone");
    }

    [Fact]
    public async Task StartAsync_WhenTheExecutableDoesNotExist_ThrowsAClearStartError()
    {
        var spec = Specs.Command("no-such-program-gantry", [], _temp.Path);
        using var log = Open(spec);

        var error = await Assert.ThrowsAsync<InstanceStartException>(() => _driver.StartAsync(spec, log, CancellationToken.None));

        Assert.StartsWith("executable 'no-such-program-gantry' not found on PATH", error.Message);
    }

    [Fact]
    public async Task StartAsync_WhenTheWorkingDirectoryIsMissing_ThrowsAClearStartError()
    {
        var missing = _temp.Combine("missing");
        var spec = Specs.Shell("true", missing);
        using var log = Open(spec);

        var error = await Assert.ThrowsAsync<InstanceStartException>(() => _driver.StartAsync(spec, log, CancellationToken.None));

        Assert.Equal($"working directory '{missing}' does not exist", error.Message);
    }

    [Fact]
    public async Task StartAsync_RecordsTheInstanceForAdoption_AndStopDeletesItsFiles()
    {
        var spec = Specs.Shell("echo ready; while true; do sleep 0.1; done", _temp.Path, 8080);
        using var log = Open(spec);
        var recordFile = _temp.Combine("run", spec.InstanceId + ".json");
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var pid = instance.ProcessId!.Value;

        // Written before StartAsync returns: a Gantry killed right after the start must still find the instance.
        var record = InstanceRecord.TryRead(recordFile);
        Assert.NotNull(record);
        Assert.Equal((pid, StartTime(pid), "shop", "web", 1), (record.Pid, record.StartTime, record.App, record.Workload, record.Release));
        Assert.Equal(instance.HostPorts[8080], record.HostPorts[8080]);
        Assert.Equal(
            new[] { recordFile, record.Stderr, record.Stdout }.Order(StringComparer.Ordinal),
            Directory.GetFiles(_temp.Combine("run")).Order(StringComparer.Ordinal));

        await instance.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await Poll.WithinAsync(instance.Exited, "the stopped instance exits");

        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
    }

    [Fact]
    public async Task Exited_DeletesTheRecord_WhenTheInstanceEndsByItself()
    {
        var spec = Specs.Shell("echo ready; read line; exit 0", _temp.Path);
        using var log = Open(spec);
        var recordFile = _temp.Combine("run", spec.InstanceId + ".json");
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var recorded = InstanceRecord.TryRead(recordFile);

        // stdin is /dev/null, so `read` returns at once and the script ends
        await Poll.WithinAsync(instance.Exited, "the script exits");

        // The script may end before the driver reads its start time; then the driver records nothing at all.
        Assert.True(recorded is null || recorded.Pid == instance.ProcessId, $"the record named process {recorded?.Pid}");
        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
        Assert.Contains(log.Tail(10), l => l.Text == "ready");
    }

    [Fact]
    public async Task InstancesThatExitAtOnce_LeaveNoFileBehind_EvenWhenGoneBeforeTheyWereRecorded()
    {
        for (var i = 0; i < 10; i++)
        {
            var spec = Specs.Command("/bin/true", [], _temp.Path);
            using var log = Open(spec);
            await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
            await Poll.WithinAsync(instance.Exited, "the instance exits");
        }

        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
    }

    [Fact]
    public async Task Exited_KeepsTheRecord_WhenItAlreadyNamesANewerProcessOfTheSameInstance()
    {
        var spec = Specs.Shell("echo ready; while true; do sleep 0.1; done", _temp.Path);
        using var log = Open(spec);
        var recordFile = _temp.Combine("run", spec.InstanceId + ".json");
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var newer = InstanceRecord.TryRead(recordFile)! with { Pid = Environment.ProcessId, StartTime = StartTime(Environment.ProcessId) };
        newer.Write(recordFile); // as if the instance id had been started again meanwhile

        await instance.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await Poll.WithinAsync(instance.Exited, "the stopped instance exits");

        Assert.Equal(Environment.ProcessId, InstanceRecord.TryRead(recordFile)?.Pid);
    }

    [Fact]
    public async Task ReapOrphansAsync_KillsProcessGroupsRecordedByAnEarlierDriver()
    {
        var spec = Specs.Shell("sleep 1000 & echo child=$!; wait", _temp.Path);
        using var log = Open(spec);
        var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var child = await ChildPidAsync(log);
        var afterRestart = new ProcessDriver(_temp.Combine("run"), NullLogger<ProcessDriver>.Instance);

        var reaped = await afterRestart.ReapOrphansAsync(CancellationToken.None);

        Assert.Equal(1, reaped);
        var exit = await Poll.WithinAsync(instance.Exited, "the reaped instance exits");
        Assert.Equal("SIGKILL", exit.Signal);
        Assert.False(Processes.IsAlive(child));
        Assert.Empty(Directory.GetFiles(_temp.Combine("run"), "*.json"));
        await instance.DisposeAsync();
    }

    [Fact]
    public async Task ReapOrphansAsync_KillsGroupsInPidFilesOfGantryVersionsBeforeAdoption()
    {
        var run = _temp.Combine("run");
        using var left = System.Diagnostics.Process.Start("/usr/bin/setsid", ["sleep", "1000"])!;
        await Poll.UntilAsync(() => File.ReadAllText($"/proc/{left.Id}/cmdline").StartsWith("sleep", StringComparison.Ordinal), "setsid to exec sleep");
        File.WriteAllText(Path.Combine(run, "old.pid"), $"{left.Id} {StartTime(left.Id)}\n");

        var reaped = await _driver.ReapOrphansAsync(CancellationToken.None);

        Assert.Equal(1, reaped);
        await Poll.UntilAsync(() => left.HasExited, "the old instance is killed");
        Assert.Empty(Directory.GetFiles(run));
    }

    [Fact]
    public async Task ReapOrphansAsync_IgnoresStalePidFiles_WhosePidIsGoneOrReused()
    {
        var run = _temp.Combine("run");
        var exited = System.Diagnostics.Process.Start("/bin/true")!;
        await exited.WaitForExitAsync();
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(run, "gone.pid"), $"{exited.Id} 12345\n");
        File.WriteAllText(Path.Combine(run, "reused.pid"), $"{self} 1\n"); // our own PID, but another start time
        File.WriteAllText(Path.Combine(run, "garbage.pid"), "not a pid file");

        var reaped = await _driver.ReapOrphansAsync(CancellationToken.None);

        Assert.Equal(0, reaped);
        Assert.Empty(Directory.GetFiles(run, "*.pid"));
    }

    private InstanceLog Open(InstanceSpec spec) => _logs.Open(spec.App, spec.Workload, spec.InstanceId);

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks since boot), read the way an operator would.</summary>
    private static long StartTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }

    private static async Task<int> ChildPidAsync(InstanceLog log)
    {
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l.Text.StartsWith("child=", StringComparison.Ordinal)), "the script reports its child");
        var line = log.Tail(10).First(l => l.Text.StartsWith("child=", StringComparison.Ordinal)).Text;
        return int.Parse(ChildPid().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"child=(\d+)")]
    private static partial Regex ChildPid();
}
