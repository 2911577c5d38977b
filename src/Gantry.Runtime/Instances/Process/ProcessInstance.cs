using System.Collections.Immutable;
using System.Globalization;
using Gantry.Runtime.Health;
using Gantry.Runtime.Logs;
using OsProcess = System.Diagnostics.Process;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// One running OS process (leading its own process group) and everything it started: either this Gantry's child, whose
/// exit code it gets, or adopted from a Gantry that was killed, watched through /proc. Its output is appended to two
/// files the process holds itself, so it never depends on Gantry being there to read.
/// </summary>
internal sealed class ProcessInstance : IRunningInstance
{
    private static readonly TimeSpan OutputPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RecordInterval = TimeSpan.FromSeconds(1);

    private readonly OsProcess? _child;
    private readonly InstanceRecord _record;
    private readonly string _recordPath;
    private readonly bool _ownsGroup;
    private readonly ILogger _logger;
    private readonly OutputFollower _stdout;
    private readonly OutputFollower _stderr;
    private readonly CancellationTokenSource _stopFollowing = new();

    public ProcessInstance(
        InstanceRecord record,
        string recordPath,
        OsProcess? child,
        InstanceSpec spec,
        ImmutableDictionary<string, string> environment,
        InstanceLog log,
        bool ownsGroup,
        ILogger logger)
    {
        _child = child;
        _record = record;
        _recordPath = recordPath;
        _ownsGroup = ownsGroup;
        _logger = logger;
        _stdout = new OutputFollower(record.Stdout, "stdout", record.StdoutRead, log);
        _stderr = new OutputFollower(record.Stderr, "stderr", record.StderrRead, log);
        Spec = spec;
        HostPorts = record.HostPorts;
        Environment = environment;
        ProcessId = record.Pid;
        Exited = MonitorAsync();
    }

    public InstanceSpec Spec { get; }

    public int? ProcessId { get; }

    public IReadOnlyDictionary<int, int> HostPorts { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public Task<InstanceExit> Exited { get; }

    private int Pid => _record.Pid;

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) =>
        HostCommand.RunAsync(command, Spec.Launch.WorkingDirectory, Environment, timeout, cancellationToken);

    public string? ExplainFailedReadiness(ProbeDefinition probe)
    {
        if (Exited.IsCompleted || probe.Kind == ProbeKind.Exec || !HostPorts.TryGetValue(probe.ContainerPort, out var port))
        {
            return null;
        }

        // The first container port is $PORT, the others $PORT_<containerPort> (ProcessDriver.BuildEnvironment).
        var variable = Spec.ContainerPorts[0] == probe.ContainerPort
            ? "PORT"
            : "PORT_" + probe.ContainerPort.ToString(CultureInfo.InvariantCulture);
        return PortHint.Describe(port, variable, Environment.GetValueOrDefault(variable), ListeningPorts.OfProcessTree(Pid));
    }

    public Task<UsageSample?> SampleUsageAsync(CancellationToken cancellationToken)
    {
        if (Exited.IsCompleted)
        {
            return Task.FromResult<UsageSample?>(null);
        }

        // Everything the instance started counts (npm start → node): the whole process group.
        var members = _ownsGroup ? ProcFs.GroupMembers(Pid) : [Pid];
        var cpu = TimeSpan.Zero;
        long memory = 0;
        foreach (var usage in members.Select(ProcFs.Usage).OfType<(TimeSpan Cpu, long RssBytes)>())
        {
            cpu += usage.Cpu;
            memory += usage.RssBytes;
        }

        return Task.FromResult<UsageSample?>(new UsageSample(cpu, memory, DateTimeOffset.UtcNow));
    }

    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        Signal(Signals.SigTerm);
        try
        {
            await Exited.WaitAsync(gracePeriod, cancellationToken);
        }
        catch (TimeoutException)
        {
            ProcessDriverLog.StopTimedOut(_logger, Spec.InstanceId, gracePeriod);
            Signal(Signals.SigKill);
            await Exited.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller stops waiting; the instance must not outlive that.
            Signal(Signals.SigKill);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            Signal(Signals.SigKill);
            try
            {
                await Exited.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // Unkillable (a process in uninterruptible sleep): the record stays, so the next Gantry finds it.
            }
        }

        _child?.Dispose();
    }

    private void Signal(int signal)
    {
        if (!_ownsGroup || !Signals.KillGroup(Pid, signal))
        {
            Signals.KillProcess(Pid, signal);
        }
    }

    private async Task<InstanceExit> MonitorAsync()
    {
        var following = FollowOutputAsync(_stopFollowing.Token);
        var exit = await WaitForExitAsync();

        // No orphans: whatever the main process started (npm start → node) goes with it.
        if (_ownsGroup)
        {
            Signals.KillGroup(Pid, Signals.SigKill);
        }

        await _stopFollowing.CancelAsync();
        await following;
        ReadOutput(f => f.ReadToEnd());
        _stdout.Dispose();
        _stderr.Dispose();
        // The record only while it still names this process (not a newer start of the same instance).
        _record.DeleteOutput();
        if (InstanceRecord.TryRead(_recordPath) is { } recorded && recorded.Pid == Pid)
        {
            InstanceRecord.TryDelete(_recordPath);
        }

        ProcessDriverLog.Exited(_logger, Spec.InstanceId, Pid, exit);
        return exit;
    }

    private async Task<InstanceExit> WaitForExitAsync()
    {
        if (_child is not null)
        {
            await _child.WaitForExitAsync();
            var code = _child.ExitCode;
            return new InstanceExit(code, Signals.NameFromExitCode(code), DateTimeOffset.UtcNow);
        }

        await AdoptedProcess.WaitForExitAsync(Pid, _record.StartTime, CancellationToken.None);

        return new InstanceExit(null, null, DateTimeOffset.UtcNow);
    }

    private async Task FollowOutputAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(OutputPollInterval);
        var recordedAt = DateTime.UtcNow;
        var unrecorded = false;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                unrecorded |= ReadOutput(f => f.ReadAvailable());
                if (unrecorded && DateTime.UtcNow - recordedAt >= RecordInterval)
                {
                    // How far the output was read, so a Gantry adopting this instance after a kill neither loses nor repeats much.
                    RecordPositions();
                    (recordedAt, unrecorded) = (DateTime.UtcNow, false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool ReadOutput(Func<OutputFollower, bool> read)
    {
        try
        {
            return read(_stdout) | read(_stderr);
        }
        catch (IOException e)
        {
            ProcessDriverLog.OutputUnreadable(_logger, Spec.InstanceId, e.Message);
            return false;
        }
    }

    private void RecordPositions()
    {
        try
        {
            (_record with { StdoutRead = _stdout.Position, StderrRead = _stderr.Position }).Write(_recordPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ProcessDriverLog.OutputUnreadable(_logger, Spec.InstanceId, e.Message);
        }
    }
}
