using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration.Runtimes;

/// <summary>
/// The local runtime a server runs its apps on (processes or containers): prepares each workload of a release and
/// describes its instances to the runtime's driver. The orchestrator above it is the same for both.
/// </summary>
public interface IWorkloadRuntime
{
    /// <summary><c>process</c> or <c>container</c>, as <c>gantry status</c> shows it.</summary>
    string Name { get; }

    IInstanceDriver Driver { get; }

    /// <summary>Builds, pulls or finds what the workload needs; throws <c>BuildFailedException</c> with a reason a developer can act on.</summary>
    Task<WorkloadArtifact> PrepareAsync(WorkloadSource source, IProgress<string> output, CancellationToken cancellationToken);

    /// <summary>The instance spec this runtime's driver needs: <paramref name="common"/> (ids, environment, ports) plus how to launch it.</summary>
    InstanceSpec Describe(InstanceSpec common, WorkloadSource source, WorkloadArtifact artifact);

    /// <summary>Deletes the app's persistent volumes (only when asked to: volumes outlive releases and deletes by default); returns their names.</summary>
    Task<IReadOnlyList<string>> DeleteVolumesAsync(string app, CancellationToken cancellationToken);
}
