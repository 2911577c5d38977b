using System.Collections.Immutable;
using System.Globalization;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;
using Gantry.Runtime.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Runtime.Tests.Instances.Process;

/// <summary>
/// A killed Gantry leaves its instance processes running with a record each: the next one finds, adopts or removes them.
/// Each test leaves an instance the way a killed Gantry does (the driver's own launch wrapper, a record naming it).
/// </summary>
public sealed class ProcessAdoptionTests : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LogStore _logs;
    private readonly ProcessDriver _driver;
    private readonly List<System.Diagnostics.Process> _left = [];

    public ProcessAdoptionTests()
    {
        _logs = new LogStore(_temp.Combine("logs"));
        _driver = new ProcessDriver(_temp.Combine("run"), NullLogger<ProcessDriver>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _left)
        {
            Signals.KillGroup(process.Id, Signals.SigKill);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task ALeftInstance_IsAdopted_WithItsProcessAndPorts_AndTheOutputItWroteWhileNobodyRead()
    {
        // The earlier Gantry read "seen" before it was killed; "first" and "oops" came after.
        var (record, spec) = await LeaveAsync("echo first; echo oops >&2; while true; do sleep 0.1; done", alreadyRead: "seen\n");

        var existing = Assert.Single(await _driver.FindExistingAsync(CancellationToken.None));
        Assert.Equal(new ExistingInstance(spec.InstanceId, "shop", "web", 1, record.Pid.ToString(CultureInfo.InvariantCulture), Running: true), existing);
        using var log = Open(spec);
        await using var instance = await _driver.AdoptAsync(existing, spec, log, CancellationToken.None);

        Assert.Equal(record.Pid, instance.ProcessId);
        Assert.Equal(record.HostPorts[8080], instance.HostPorts[8080]);
        Assert.Equal(record.HostPorts[8080].ToString(CultureInfo.InvariantCulture), instance.Environment["PORT"]);
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l is { Stream: "stderr", Text: "oops" }), "output written while nobody read");
        Assert.Contains(log.Tail(10), l => l is { Stream: "stdout", Text: "first" });
        Assert.DoesNotContain(log.Tail(10), l => l.Text == "seen");
        Assert.False(instance.Exited.IsCompleted);

        await instance.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        var exit = await Poll.WithinAsync(instance.Exited, "the adopted instance stops");
        Assert.Null(exit.ExitCode); // not Gantry's child: only /proc says it is gone
        Assert.Contains("adopted", exit.ToString(), StringComparison.Ordinal);
        Assert.False(Processes.IsAlive(record.Pid));
        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
    }

    [Fact]
    public async Task AnAdoptedInstance_ThatDies_IsNoticed_AndItsLastLinesAreKept()
    {
        var (record, spec) = await LeaveAsync("echo alive; while [ ! -e stop ]; do sleep 0.05; done; printf 'last words'; exit 4");
        var existing = Assert.Single(await _driver.FindExistingAsync(CancellationToken.None));
        using var log = Open(spec);
        await using var instance = await _driver.AdoptAsync(existing, spec, log, CancellationToken.None);
        await Poll.UntilAsync(() => log.Tail(10).Any(l => l.Text == "alive"), "the adopted instance's output");

        File.WriteAllText(_temp.Combine("stop"), "");

        var exit = await Poll.WithinAsync(instance.Exited, "the adopted instance's exit");
        Assert.Null(exit.ExitCode);
        Assert.Contains(log.Tail(10), l => l.Text == "last words");
        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
    }

    [Fact]
    public async Task ALeftInstanceNoReleaseWants_IsRemoved_WithItsWholeGroup()
    {
        var (record, _) = await LeaveAsync("sleep 1000 & while true; do sleep 0.1; done");
        var existing = Assert.Single(await _driver.FindExistingAsync(CancellationToken.None));

        await _driver.RemoveExistingAsync(existing, CancellationToken.None);

        Assert.False(Processes.IsAlive(record.Pid));
        await Poll.UntilAsync(() => !Signals.GroupExists(record.Pid), "every member of the removed instance's group to be gone");
        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
    }

    [Fact]
    public async Task ALeftInstanceThatExited_IsFoundNotRunning_AndRemovingItDeletesItsFiles()
    {
        var (record, _) = await LeaveAsync("exit 0");
        await Poll.UntilAsync(() => !record.IsAlive, "the left instance to exit");
        var existing = Assert.Single(await _driver.FindExistingAsync(CancellationToken.None));
        Assert.False(existing.Running);

        await _driver.RemoveExistingAsync(existing, CancellationToken.None);

        Assert.Empty(Directory.GetFiles(_temp.Combine("run")));
    }

    [Fact]
    public async Task ARecordThatNamesAReusedPid_IsNotTakenForTheInstance()
    {
        var (record, _) = await LeaveAsync("while true; do sleep 0.1; done");
        var path = _temp.Combine("run", record.InstanceId + ".json");
        (record with { StartTime = record.StartTime - 1 }).Write(path); // the same PID, started at another time: someone else

        var existing = Assert.Single(await _driver.FindExistingAsync(CancellationToken.None));
        Assert.False(existing.Running);
        await _driver.RemoveExistingAsync(existing, CancellationToken.None);

        Assert.True(Processes.IsAlive(record.Pid), "a process that was not the instance's was killed");
    }

    [Fact]
    public async Task ReadOutput_IsPunchedOutOfTheFile_SoALongRunningInstanceTakesNoDiskForIt()
    {
        var spec = Specs.Shell("head -c 3000000 /dev/zero | tr '\\0' 'x' | fold -w 1000; echo; while true; do sleep 0.1; done", _temp.Path);
        using var log = Open(spec);
        await using var instance = await _driver.StartAsync(spec, log, CancellationToken.None);
        var record = InstanceRecord.TryRead(_temp.Combine("run", spec.InstanceId + ".json"))!;
        await Poll.UntilAsync(() => new FileInfo(record.Stdout).Length == 3_003_000 && log.Tail(1).Count == 1 && AllocatedBytes(record.Stdout) < 1_100_000, "3 MB read and punched out");

        Assert.Equal(new string('x', 1000), log.Tail(1)[0].Text);
    }

    private InstanceLog Open(InstanceSpec spec) => _logs.Open(spec.App, spec.Workload, spec.InstanceId);

    /// <summary>Starts <paramref name="script"/> as a killed Gantry's instance would still run, with its record.</summary>
    private async Task<(InstanceRecord Record, InstanceSpec Spec)> LeaveAsync(string script, string alreadyRead = "")
    {
        var spec = Specs.Shell(script, _temp.Path, 8080);
        var run = _temp.Combine("run");
        var (stdout, stderr) = (Path.Combine(run, spec.InstanceId + ".a.stdout"), Path.Combine(run, spec.InstanceId + ".a.stderr"));
        File.WriteAllText(stdout, alreadyRead);
        File.WriteAllText(stderr, "");
        var hostPort = PortAllocator.Allocate([8080])[8080];
        var info = new System.Diagnostics.ProcessStartInfo("/bin/sh") { WorkingDirectory = _temp.Path };
        foreach (var argument in (string[])["-c", ProcessDriver.AppendOutput, stdout, stderr, "/usr/bin/setsid", "/bin/sh", "-c", script])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PORT"] = hostPort.ToString(CultureInfo.InvariantCulture);
        var process = System.Diagnostics.Process.Start(info)!;
        _left.Add(process);
        await Poll.UntilAsync(() => process.HasExited || CommandLine(process.Id).StartsWith("/bin/sh\0-c\0" + script, StringComparison.Ordinal), "the instance to run");
        var record = new InstanceRecord(
            process.Id, ProcFs.StartTime(process.Id) ?? 0, spec.InstanceId, spec.App, spec.Workload, spec.Release,
            ImmutableDictionary<int, int>.Empty.Add(8080, hostPort), stdout, stderr, alreadyRead.Length, 0);
        record.Write(InstanceRecord.PathOf(run, spec.InstanceId));
        return (record, spec);
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Disk blocks the file really takes, as <c>stat</c> reports them.</summary>
    private static long AllocatedBytes(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true })!;
        var parts = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        stat.WaitForExit();
        return long.Parse(parts[0], CultureInfo.InvariantCulture) * long.Parse(parts[1], CultureInfo.InvariantCulture);
    }
}
