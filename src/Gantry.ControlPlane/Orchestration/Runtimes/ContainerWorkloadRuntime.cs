using System.Collections.Immutable;
using System.Text;
using Gantry.AppModel.Spec;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Builds.Container;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Instances.Container;

namespace Gantry.ControlPlane.Orchestration.Runtimes;

/// <summary>Runs each instance as a container through the Docker Engine API (Docker or Podman): images as given, or built from source.</summary>
public sealed class ContainerWorkloadRuntime(ContainerDriver driver, ContainerImageBuilder images) : IWorkloadRuntime
{
    public string Name => driver.Name;

    public IInstanceDriver Driver => driver;

    public async Task<WorkloadArtifact> PrepareAsync(WorkloadSource source, IProgress<string> output, CancellationToken cancellationToken)
    {
        var workload = source.Workload;
        if (workload.Containers.Length != 1)
        {
            throw new BuildFailedException(
                $"workload '{workload.Name}' has {workload.Containers.Length} containers; Gantry runs one container per workload for now");
        }

        var container = source.Container;
        if (!container.BuildsFromSource)
        {
            var pulled = await images.EnsureImageAsync(container.Image, output, cancellationToken);
            return new WorkloadArtifact(
                pulled ? $"pulled image {container.Image}" : $"image {container.Image} is on this machine", null, container.Image,
                await images.DigestAsync(container.Image, cancellationToken));
        }

        var request = new BuildRequest(source.BuildDirectory, container.Command, container.Args)
        {
            Ignored = source.IgnoredFiles,
            Dockerfile = container.Build?.Dockerfile,
            Target = container.Build?.Target,
            BuildArgs = container.Build?.Args ?? ImmutableDictionary<string, string>.Empty,
        };
        var built = await images.BuildAsync(request, $"gantry.local/{source.App}-{workload.Name}", output, cancellationToken);
        return new WorkloadArtifact(
            $"built image {built.Image} from {built.Stack}", null, built.Image, await images.DigestAsync(built.Image, cancellationToken), built.Stack);
    }

    public InstanceSpec Describe(InstanceSpec common, WorkloadSource source, WorkloadArtifact artifact)
    {
        var container = source.Container;
        var resources = container.Resources;
        var limits = new ContainerLimits(
            ResourceQuantities.MemoryBytes(resources?.Limits?.Memory),
            ResourceQuantities.NanoCpus(resources?.Limits?.Cpu),
            ResourceQuantities.MemoryBytes(resources?.Requests?.Memory),
            ResourceQuantities.NanoCpus(resources?.Requests?.Cpu) / 1_000_000);

        // As in Score: command replaces the image's entrypoint, args its command, whether the image was given or built.
        var launch = new ContainerLaunch(
            artifact.Image!,
            container.Command.IsDefault ? [] : container.Command,
            container.Args.IsDefault ? [] : container.Args,
            [.. container.Volumes.Select(v => new VolumeBinding(v.Source, v.Target, v.Path, v.ReadOnly))],
            [.. container.Files.Select(f => new FileMount(f.Target, f.Mode, FileContent(f, source.SourceDirectory)))],
            limits);
        return common with { Container = launch };
    }

    public Task<IReadOnlyList<string>> DeleteVolumesAsync(string app, CancellationToken cancellationToken) =>
        driver.DeleteAppVolumesAsync(app, cancellationToken);

    private static ImmutableArray<byte> FileContent(FileSpec file, string sourceDirectory) =>
        file.Content is { } text ? [.. Encoding.UTF8.GetBytes(text)]
        : file.BinaryContent is { } base64 ? [.. Convert.FromBase64String(base64)]
        : [.. File.ReadAllBytes(Path.Combine(sourceDirectory, file.Source!))];
}
