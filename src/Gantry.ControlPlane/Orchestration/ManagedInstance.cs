using Gantry.AppModel.Spec;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Logs;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>An instance the local orchestrator runs: its supervisor, its log, its spec and the workload it belongs to.</summary>
public sealed class ManagedInstance(InstanceSupervisor supervisor, InstanceLog log, InstanceSpec spec, WorkloadSpec workload, int release, DateTimeOffset createdAt) : IAsyncDisposable
{
    public string Id { get; } = spec.InstanceId;

    public InstanceSupervisor Supervisor => supervisor;

    public InstanceLog Log => log;

    public InstanceSpec Spec { get; } = spec;

    public WorkloadSpec Workload { get; } = workload;

    public int Release { get; } = release;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public InstanceStatus Status => supervisor.Status;

    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync(Workload.Rollout.StopGracePeriod, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await supervisor.DisposeAsync();
        log.Dispose();
    }
}
