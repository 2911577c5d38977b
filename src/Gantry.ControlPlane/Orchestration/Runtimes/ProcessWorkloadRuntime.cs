using Gantry.AppModel.Spec;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Process;

namespace Gantry.ControlPlane.Orchestration.Runtimes;

/// <summary>Runs each instance as a local process built from source: the embedded default on a machine without a container engine.</summary>
public sealed class ProcessWorkloadRuntime(ProcessDriver driver, SourceBuildService builds) : IWorkloadRuntime
{
    public string Name => driver.Name;

    public IInstanceDriver Driver => driver;

    public async Task<WorkloadArtifact> PrepareAsync(WorkloadSource source, IProgress<string> output, CancellationToken cancellationToken)
    {
        var container = RunnableContainer(source.Workload);
        var request = new BuildRequest(source.BuildDirectory, container.Command, container.Args) { Ignored = source.IgnoredFiles };
        var build = await builds.BuildAsync(request, output, cancellationToken);
        var summary = build.Reused ? $"reused the {build.Builder} build: the sources are unchanged" : $"built with the {build.Builder} builder";
        // An artifact built before builders said what they detected has no stack.
        return build.Stack is "" ? new WorkloadArtifact(summary, build, null) : new WorkloadArtifact($"{summary}: {build.Stack}", build, null, Stack: build.Stack);
    }

    public InstanceSpec Describe(InstanceSpec common, WorkloadSource source, WorkloadArtifact artifact) =>
        common with { Launch = artifact.Build!.Launch };

    public Task<IReadOnlyList<string>> DeleteVolumesAsync(string app, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>A process runs one container built from source, without volumes; say plainly what needs the container runtime.</summary>
    private static ContainerSpec RunnableContainer(WorkloadSpec workload)
    {
        if (workload.Containers.Length != 1)
        {
            throw new BuildFailedException(
                $"workload '{workload.Name}' has {workload.Containers.Length} containers; the process runtime runs one container per workload");
        }

        var container = workload.Containers[0];
        if (!container.BuildsFromSource)
        {
            throw new BuildFailedException(
                $"containers.{container.Name}.image '{container.Image}': the process runtime runs only 'image: .' (built from the source next to the Score file); running images needs the container runtime ('gantry up --runtime container' with Docker or Podman)");
        }

        if (!container.Volumes.IsDefaultOrEmpty)
        {
            throw new BuildFailedException(
                $"containers.{container.Name}.volumes: the process runtime cannot mount volumes; they need the container runtime ('gantry up --runtime container' with Docker or Podman)");
        }

        return container;
    }
}
