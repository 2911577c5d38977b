using Gantry.Runtime.Logs;

namespace Gantry.Runtime.Instances;

/// <summary>Starts instances on one kind of runtime (processes now, containers later). Restarts are the supervisor's job, not the driver's.</summary>
public interface IInstanceDriver
{
    /// <summary>The runtime's name as users see it, for example <c>process</c>.</summary>
    string Name { get; }

    /// <summary>Starts the instance; its output goes to <paramref name="log"/>. Throws <see cref="InstanceStartException"/> with a user-facing reason when it cannot start.</summary>
    Task<IRunningInstance> StartAsync(InstanceSpec spec, InstanceLog log, CancellationToken cancellationToken);
}
