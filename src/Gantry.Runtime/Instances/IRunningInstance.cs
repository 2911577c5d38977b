using Gantry.Runtime.Health;

namespace Gantry.Runtime.Instances;

/// <summary>One started instance (a process or a container) until it exits.</summary>
public interface IRunningInstance : IAsyncDisposable
{
    InstanceSpec Spec { get; }

    /// <summary>The operating-system process id, when there is one.</summary>
    int? ProcessId { get; }

    /// <summary>Container port → port on 127.0.0.1 where the instance can be reached.</summary>
    IReadOnlyDictionary<int, int> HostPorts { get; }

    /// <summary>The environment the instance was started with; exec probes run with it.</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Completes when the instance has exited, for whatever reason.</summary>
    Task<InstanceExit> Exited { get; }

    /// <summary>Runs a command inside the instance (on the host for a process, in the container for a container), for exec probes.</summary>
    Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Called while <paramref name="probe"/> fails (every few seconds at most): what the runtime can tell about why, in words,
    /// or null. The process runtime says when the app listens on other ports than the one it was given.
    /// </summary>
    string? ExplainFailedReadiness(ProbeDefinition probe) => null;

    /// <summary>CPU time and memory now (the whole process group, or the container); null when they cannot be read.</summary>
    Task<UsageSample?> SampleUsageAsync(CancellationToken cancellationToken);

    /// <summary>Asks the instance to stop (SIGTERM to its whole process group), then kills it (SIGKILL) after <paramref name="gracePeriod"/>.</summary>
    Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken);
}
