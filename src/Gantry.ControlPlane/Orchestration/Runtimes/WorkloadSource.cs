using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Orchestration.Runtimes;

/// <summary>One workload of a release, with the folder holding the release's files and sources.</summary>
public sealed record WorkloadSource(string App, int Release, AppSpec Spec, WorkloadSpec Workload, string SourceDirectory)
{
    public ContainerSpec Container => Workload.Containers[0];

    /// <summary>The folder to build for <c>image: .</c>.</summary>
    public string BuildDirectory => Path.GetFullPath(Path.Combine(SourceDirectory, Container.BuildContext ?? ""));

    /// <summary>The app's gantry.yaml and Score files inside the build folder, relative to it: changing them must not force a rebuild.</summary>
    public System.Collections.Immutable.ImmutableArray<string> IgnoredFiles
    {
        get
        {
            var context = Container.BuildContext ?? "";
            var prefix = context.Length == 0 ? "" : context + "/";
            return [.. Spec.DescriptionFiles.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).Select(f => f[prefix.Length..])];
        }
    }
}
