using System.Collections.Immutable;
using System.Globalization;
using Gantry.Runtime.Health;
using Gantry.Runtime.Logs;
using OsProcess = System.Diagnostics.Process;

namespace Gantry.Runtime.Instances.Process;

/// <summary>One running OS process (leading its own process group) and everything it started.</summary>
internal sealed class ProcessInstance : IRunningInstance
{
    // After the group is killed, output closes at once unless a process escaped the group (setsid, daemonize).
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly OsProcess _process;
    private readonly InstanceLog _log;
    private readonly bool _ownsGroup;
    private readonly string? _pidFile;
    private readonly ILogger _logger;

    public ProcessInstance(
        OsProcess process,
        InstanceSpec spec,
        IReadOnlyDictionary<int, int> hostPorts,
        ImmutableDictionary<string, string> environment,
        InstanceLog log,
        bool ownsGroup,
        string? pidFile,
        ILogger logger)
    {
        _process = process;
        _log = log;
        _ownsGroup = ownsGroup;
        _pidFile = pidFile;
        _logger = logger;
        Spec = spec;
        HostPorts = hostPorts;
        Environment = environment;
        ProcessId = process.Id;
        Exited = MonitorAsync();
    }

    public InstanceSpec Spec { get; }

    public int? ProcessId { get; }

    public IReadOnlyDictionary<int, int> HostPorts { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public Task<InstanceExit> Exited { get; }

    private int Pid => ProcessId!.Value;

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
                // Disposing the process below closes our ends of its pipes, which ends the output pumps.
            }
        }

        _process.Dispose();
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
        var stdout = PumpAsync(_process.StandardOutput, "stdout");
        var stderr = PumpAsync(_process.StandardError, "stderr");
        await _process.WaitForExitAsync();
        var code = _process.ExitCode;
        var exit = new InstanceExit(code, Signals.NameFromExitCode(code), DateTimeOffset.UtcNow);

        // No orphans: whatever the main process started (npm start → node) goes with it.
        if (_ownsGroup)
        {
            Signals.KillGroup(Pid, Signals.SigKill);
        }

        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(OutputDrainTimeout);
        }
        catch (TimeoutException)
        {
            ProcessDriverLog.OutputStillOpen(_logger, Spec.InstanceId);
        }

        if (_pidFile is not null)
        {
            PidFile.DeleteIfOwned(_pidFile, Pid);
        }

        ProcessDriverLog.Exited(_logger, Spec.InstanceId, Pid, exit);
        return exit;
    }

    private async Task PumpAsync(StreamReader reader, string stream)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                _log.Write(stream, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe was closed under us by DisposeAsync.
        }
    }
}
