using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Resources;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Resolution;

/// <summary>
/// Resolves the workloads of an app together: dns defaults and route conflicts are app-wide, and resources with an
/// <c>id</c> are shared, also with the workloads jobs have of their own (resolved after the app's, without routes).
/// </summary>
internal static class AppResolver
{
    public static AppSpec Resolve(
        string appName, IReadOnlyList<LoadedWorkload> appWorkloads, ImmutableArray<(JobSpec Spec, LoadedWorkload? Own)> jobs,
        IAppFiles files, ErrorList errors, AppLoadOptions options)
    {
        List<LoadedWorkload> workloads = [.. appWorkloads, .. jobs.Select(j => j.Own).OfType<LoadedWorkload>()];
        var defaultHosts = DefaultHosts(appName, appWorkloads);
        var claimed = new Dictionary<(string Host, string Path), (string Resource, string File, int Line)>();
        var specs = new List<WorkloadSpec>(workloads.Count);
        var provisioned = new List<(ResourceSpec, ScoreResource, FileErrors)>();
        var links = new List<ServiceLink>();
        var buckets = new List<string>();
        var attached = new List<AttachedResource>();
        var byName = new Dictionary<string, ScoreWorkload>(StringComparer.Ordinal);
        foreach (var workload in appWorkloads)
        {
            byName.TryAdd(workload.Score.Name, workload.Score);
        }

        for (var i = 0; i < workloads.Count; i++)
        {
            var workload = workloads[i];
            var hosts = i < defaultHosts.Count ? defaultHosts[i] : new Dictionary<string, string>(); // a job's: it has no dns resource
            var scope = new WorkloadScope(workload.Score, errors.For(workload.Score.File), hosts, appName)
            {
                ExternalResources = options.ExternalResources,
                Provisioners = options.Provisioners,
                Outputs = options.ResourceOutputs,
                Settings = options.Settings,
                AppWorkloads = byName,
                ServiceAddresses = options.ServiceAddresses,
                ObjectStorage = options.ObjectStorage,
            };
            var (spec, routes) = WorkloadResolver.Resolve(workload, scope, files);
            foreach (var (route, resource) in routes)
            {
                if (claimed.TryGetValue((route.Host, route.Path), out var first))
                {
                    scope.Errors.Add(resource.Key, resource.Field,
                        $"route {route.Host}{route.Path} is already taken by resource '{first.Resource}' in {first.File} (line {first.Line})");
                    continue;
                }

                claimed.Add((route.Host, route.Path), (resource.Name, workload.Score.File, resource.Key.Line));
            }

            specs.Add(spec);
            provisioned.AddRange(scope.ProvisionedResources.Select(p => (p.Spec, p.Resource, scope.Errors)));
            links.AddRange(scope.ServiceLinks);
            buckets.AddRange(scope.Buckets);
            attached.AddRange(scope.Attached);
        }

        CheckSharedIds(workloads, errors);
        var ownWorkloads = new Queue<WorkloadSpec>(specs.Skip(appWorkloads.Count));
        return new AppSpec(appName, [.. specs.Take(appWorkloads.Count)])
        {
            // In the order they were added above: each job with a workload of its own takes the next one.
            Jobs = [.. jobs.Select(j => j.Own is null ? j.Spec : j.Spec with { OwnWorkload = ownWorkloads.Dequeue() })],
            Resources = ProvisionedResources.Merge(provisioned),
            ServiceLinks = [.. links.Distinct()],
            Buckets = [.. buckets.Distinct()],
            Attached = AttachedResource.Merge(attached),
        };
    }

    /// <summary>Resources that share an <c>id</c> across workloads are one resource: one type and one class.</summary>
    private static void CheckSharedIds(IReadOnlyList<LoadedWorkload> workloads, ErrorList errors)
    {
        var first = new Dictionary<string, (ScoreResource Resource, string File)>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            foreach (var resource in workload.Score.Resources.Where(r => r.Id is not null && r.Type is not null))
            {
                if (!first.TryGetValue(resource.Id!, out var earlier))
                {
                    first[resource.Id!] = (resource, workload.Score.File);
                }
                else if (earlier.Resource.Type != resource.Type || earlier.Resource.Class != resource.Class)
                {
                    errors.For(workload.Score.File).Add(resource.Key, resource.Field,
                        $"resource id '{resource.Id}' is a {Describe(earlier.Resource)} in {earlier.File} (line {earlier.Resource.Key.Line}) but a {Describe(resource)} here; a shared resource has one type and class");
                }
            }
        }

        static string Describe(ScoreResource r) => r.Class is null ? r.Type! : $"{r.Type} ({r.Class})";
    }

    /// <summary>
    /// Hosts of dns resources without <c>params.host</c>: the app's first dns resource gets <c>app.localhost</c>,
    /// later ones <c>name.app.localhost</c>, so the common one-host app needs no configuration.
    /// </summary>
    private static List<Dictionary<string, string>> DefaultHosts(string appName, IReadOnlyList<LoadedWorkload> workloads)
    {
        var result = new List<Dictionary<string, string>>(workloads.Count);
        var seen = 0;
        foreach (var workload in workloads)
        {
            var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var resource in workload.Score.Resources.Where(r => r.Type == ResourceTypes.Dns))
            {
                hosts[resource.Name] = seen++ == 0 ? $"{appName}.localhost" : $"{resource.Name}.{appName}.localhost";
            }

            result.Add(hosts);
        }

        return result;
    }
}
