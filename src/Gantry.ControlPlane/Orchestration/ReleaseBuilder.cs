using System.Collections.Immutable;
using System.Diagnostics;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Hosting;
using Gantry.Runtime.Builds;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Builds every workload of a release from its sources, for the process runtime; identical sources reuse one artifact.</summary>
public sealed class ReleaseBuilder(SourceBuildService builds, DataDirectory data, AppEventLog events)
{
    /// <summary>Builds (or reuses) the artifacts; throws <see cref="BuildFailedException"/> with a user-facing reason.</summary>
    public async Task<ReleaseBuild> BuildAsync(string app, int release, AppSpec spec, string sourceDirectory, CancellationToken cancellationToken)
    {
        var artifacts = ImmutableDictionary.CreateBuilder<string, BuildArtifact>(StringComparer.Ordinal);
        var logPath = data.BuildLog(app, release);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await using var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var output = new LineWriter(log);

        foreach (var workload in spec.Workloads)
        {
            var container = SingleSourceContainer(workload);
            var folder = Path.GetFullPath(Path.Combine(sourceDirectory, container.BuildContext!));
            var watch = Stopwatch.StartNew();
            await events.WriteAsync(app, release, "build.started", $"building {workload.Name} from {DisplayPath(container.BuildContext!)}", cancellationToken: cancellationToken);
            var request = new BuildRequest(folder, container.Command, container.Args) { Ignored = IgnoredFiles(spec, container.BuildContext!) };
            var artifact = await builds.BuildAsync(request, output, cancellationToken);
            var message = artifact.Reused
                ? $"reused the {artifact.Builder} build of {workload.Name}: its sources are unchanged"
                : $"built {workload.Name} with the {artifact.Builder} builder in {watch.Elapsed.TotalSeconds:0.0}s";
            await events.WriteAsync(app, release, "build.finished", message, cancellationToken: cancellationToken);
            artifacts[workload.Name] = artifact;
        }

        return new ReleaseBuild(release, spec, artifacts.ToImmutable());
    }

    /// <summary>The process runtime runs one process per instance, built from source; say so plainly for anything else.</summary>
    private static ContainerSpec SingleSourceContainer(WorkloadSpec workload)
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
                $"containers.{container.Name}.image '{container.Image}': the process runtime runs only 'image: .' (built from the source next to the Score file); running images needs the container runtime");
        }

        return container;
    }

    /// <summary>The app's gantry.yaml and Score files inside the build folder, relative to it: changing them must not force a rebuild.</summary>
    private static ImmutableArray<string> IgnoredFiles(AppSpec spec, string buildContext)
    {
        var prefix = buildContext.Length == 0 ? "" : buildContext + "/";
        return [.. spec.DescriptionFiles.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f[prefix.Length..])];
    }

    private static string DisplayPath(string buildContext) => buildContext.Length == 0 ? "./" : buildContext + "/";

    /// <summary>Writes build output as it comes, on the builder's thread: <c>Progress&lt;T&gt;</c> would post it later, after the log is closed.</summary>
    private sealed class LineWriter(StreamWriter log) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (log)
            {
                log.WriteLine(value);
            }
        }
    }
}
