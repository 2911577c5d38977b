using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;

namespace Gantry.ControlPlane.Targets;

/// <summary>
/// A release spec as a cluster needs it. A local release's variables hold this machine's values of its provisioned
/// resources (host 127.0.0.1, a server port, local passwords); a cluster gets servers and passwords of its own, so the
/// app's files are loaded again for the cluster, where those outputs stand in for the values its Secrets give.
/// </summary>
internal static class ClusterSpecs
{
    public const string GantryFile = "gantry.yaml";

    /// <summary>The spec to render for a cluster; <paramref name="spec"/> itself when it has no provisioned resources.</summary>
    public static AppSpec For(AppSpec spec, string sourceDirectory, EnvironmentSettings settings)
    {
        if (spec.Resources.IsEmpty)
        {
            return spec;
        }

        // The entry the release was deployed from is not recorded: gantry.yaml when it is there, else its one Score file.
        var files = new DirectoryAppFiles(sourceDirectory);
        var entries = File.Exists(Path.Combine(sourceDirectory, GantryFile)) ? [GantryFile] : spec.Workloads.Select(w => w.SourceFile).Distinct().ToList();
        var options = ClusterCatalog.LoadOptions with { Settings = settings };
        var problems = new List<string>();
        foreach (var entry in entries)
        {
            var loaded = AppLoader.Load(files, entry, options);
            if (loaded.Succeeded && loaded.App.Name == spec.Name && loaded.App.Workloads.Length == spec.Workloads.Length)
            {
                return loaded.App;
            }

            problems.Add(loaded.Succeeded ? $"{entry} describes another app" : string.Join("; ", loaded.Errors));
        }

        throw new EnvironmentException(409,
            $"the files of '{spec.Name}' cannot be loaded again for a cluster, which its resources need ({(problems.Count == 0 ? "no entry file found" : string.Join("; ", problems))}); deploy it again and promote that release");
    }
}
