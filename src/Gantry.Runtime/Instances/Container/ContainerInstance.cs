using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gantry.Runtime.Instances.Process;
using Gantry.Runtime.Logs;

namespace Gantry.Runtime.Instances.Container;

/// <summary>One container run: its output pumped into the instance log, its exit watched, stopped and removed on request.</summary>
internal sealed class ContainerInstance : IRunningInstance
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly DockerClient _client;
    private readonly string _containerId;
    private readonly InstanceLog _log;
    private readonly bool _hasMemoryLimit;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _logPump;
    private volatile bool _stopRequested;
    private int _removed;

    public ContainerInstance(
        DockerClient client, string containerId, InstanceSpec spec, IReadOnlyDictionary<int, int> hostPorts, int? processId,
        IReadOnlyDictionary<string, string> environment, InstanceLog log, bool hasMemoryLimit, DateTimeOffset logsSince, ILogger logger)
    {
        _client = client;
        _containerId = containerId;
        _log = log;
        _hasMemoryLimit = hasMemoryLimit;
        _logger = logger;
        Spec = spec;
        HostPorts = hostPorts;
        ProcessId = processId;
        Environment = environment;
        _logPump = ContainerLogPump.RunAsync(client, containerId, logsSince, log, _cancel.Token);
        Exited = WatchAsync();
    }

    public InstanceSpec Spec { get; }

    public string ContainerId => _containerId;

    public int? ProcessId { get; }

    public IReadOnlyDictionary<int, int> HostPorts { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public Task<InstanceExit> Exited { get; }

    public async Task<UsageSample?> SampleUsageAsync(CancellationToken cancellationToken)
    {
        if (Exited.IsCompleted)
        {
            return null;
        }

        ContainerStatsResponse? stats = null;
        try
        {
            await _client.Containers.GetContainerStatsAsync(
                _containerId, new ContainerStatsParameters { Stream = false }, new SyncProgress<ContainerStatsResponse>(s => stats = s), cancellationToken);
        }
        catch (DockerApiException)
        {
            return null;
        }

        return stats?.CPUStats?.CPUUsage is { } cpu && stats.MemoryStats is { } memory
            ? new UsageSample(TimeSpan.FromTicks((long)(cpu.TotalUsage / 100)), (long)memory.Usage, DateTimeOffset.UtcNow)
            : null;
    }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var exec = await _client.Exec.ExecCreateContainerAsync(
            _containerId, new ContainerExecCreateParameters { Cmd = [.. command], AttachStdout = true, AttachStderr = true }, deadline.Token);
        using var stream = await _client.Exec.StartAndAttachContainerExecAsync(exec.ID, false, deadline.Token);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(deadline.Token);
        var inspect = await _client.Exec.InspectContainerExecAsync(exec.ID, deadline.Token);
        return new ExecResult((int)inspect.ExitCode, stdout + stderr);
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period (the engine does both), then the container is removed; volumes never are.</summary>
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        _stopRequested = true;
        try
        {
            await _client.Containers.StopContainerAsync(
                _containerId, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(gracePeriod.TotalSeconds) }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: someone removed it behind our back.
        }

        await Exited.WaitAsync(gracePeriod + TimeSpan.FromSeconds(10), cancellationToken);
        await RemoveAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await RemoveAsync();
        try
        {
            await _logPump;
        }
        catch (OperationCanceledException)
        {
        }

        _cancel.Dispose();
    }

    private async Task RemoveAsync()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 0)
        {
            await ContainerDriver.ForceRemoveAsync(_client, _containerId, _logger);
        }
    }

    /// <summary>Waits for the container to exit (or to vanish), then reads how it ended.</summary>
    private async Task<InstanceExit> WatchAsync()
    {
        while (true)
        {
            ContainerInspectResponse inspect;
            try
            {
                inspect = await _client.Containers.InspectContainerAsync(_containerId, CancellationToken.None);
            }
            catch (DockerContainerNotFoundException)
            {
                return new InstanceExit(137, "SIGKILL", DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException)
            {
                ContainerDriverLog.EngineUnreachable(_logger, _containerId, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            if (inspect.State is { Running: false } state && state.Status is not "created")
            {
                var code = (int)state.ExitCode;
                var oom = state.OOMKilled || (code == 137 && _hasMemoryLimit && !_stopRequested && OomEvidence.KernelKilled(_containerId));
                return new InstanceExit(code, Signals.NameFromExitCode(code), Finished(state)) { OomKilled = oom };
            }

            await Task.Delay(PollInterval);
        }
    }

    private static DateTimeOffset Finished(ContainerState state) =>
        DateTimeOffset.TryParse(state.FinishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.Year > 2000
            ? at
            : DateTimeOffset.UtcNow;
}
