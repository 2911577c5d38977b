using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;

namespace Gantry.ControlPlane.Targets;

/// <summary>
/// A release spec as a cluster needs it. A local release's variables hold this machine's values of its provisioned
/// resources (host 127.0.0.1, a server port, local passwords) and of the service ports it calls (this machine's
/// forwarders); a cluster gets servers, passwords and Services of its own, so the app's files are loaded again for the
/// cluster, where provisioned outputs stand in for the values its Secrets give and service ports name its Services.
/// </summary>
internal static class ClusterSpecs
{
    /// <summary>The spec to render for <paramref name="environment"/>; <paramref name="spec"/> itself when it has no provisioned resources or service ports to call.</summary>
    public static AppSpec For(AppSpec spec, string sourceDirectory, EnvironmentSettings settings, string environment, IServiceAddresses platform)
    {
        if (spec.Resources.IsEmpty && spec.ServiceLinks.IsEmpty)
        {
            return spec;
        }

        var files = new DirectoryAppFiles(sourceDirectory);
        var entries = ReleaseEntries.Of(spec, sourceDirectory);
        // A compose file without 'name:' was named by its deploy: the app's name.
        var options = ClusterCatalog.LoadOptionsFor(environment, platform) with { Settings = settings, Compose = spec.ComposeImport ?? new ComposeImportOptions(spec.Name) };
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
