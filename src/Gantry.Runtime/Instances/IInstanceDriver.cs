using Gantry.Runtime.Logs;

namespace Gantry.Runtime.Instances;

/// <summary>Starts instances on one kind of runtime (processes or containers). Restarts are the supervisor's job, not the driver's.</summary>
public interface IInstanceDriver
{
    /// <summary>The runtime's name as users see it, for example <c>process</c>.</summary>
    string Name { get; }

    /// <summary>Starts the instance; its output goes to <paramref name="log"/>. Throws <see cref="InstanceStartException"/> with a user-facing reason when it cannot start.</summary>
    Task<IRunningInstance> StartAsync(InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken);

    /// <summary>Instances an earlier Gantry started that still exist (containers, and processes a killed Gantry left running).</summary>
    Task<IReadOnlyList<ExistingInstance>> FindExistingAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ExistingInstance>>([]);

    /// <summary>Takes over a running instance found by <see cref="FindExistingAsync"/> without restarting it; its output goes to <paramref name="log"/>.</summary>
    Task<IRunningInstance> AdoptAsync(ExistingInstance existing, InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"the {Name} runtime cannot adopt instances");

    /// <summary>Removes an instance found by <see cref="FindExistingAsync"/> that no release wants any more.</summary>
    Task RemoveExistingAsync(ExistingInstance existing, CancellationToken cancellationToken) => Task.CompletedTask;
}
