using Gantry.AppModel.Spec;

namespace Gantry.Kubernetes.Resources;

/// <summary>The app's provisioned resources as they run in its namespace: one each, however many workloads share it by id.</summary>
internal static class ClusterResources
{
    public static IReadOnlyList<ClusterResource> Of(AppSpec app, string ns, IReadOnlySet<string> operators)
    {
        var resources = new List<ClusterResource>();
        foreach (var spec in app.Resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var users = string.Join(", ", spec.Workloads);
            var service = ClusterServices.Find(spec.Type, operators) ?? throw new RenderException(
                $"resource {users} ({spec.Location}): type '{spec.Type}' has no Kubernetes rendering (rendered types: {string.Join(", ", ClusterServices.All.Select(s => s.Type))}); " +
                "run it outside the cluster's render, or add a ClusterService for it (docs/kubernetes.md)");
            if (spec.Params.Keys.Order(StringComparer.Ordinal).FirstOrDefault() is { } param)
            {
                throw new RenderException($"resource {users} ({spec.Location}): params.{param} of type '{spec.Type}' is not rendered for Kubernetes yet");
            }

            var resource = ClusterResource.Of(spec, service, ns);
            if (app.Workloads.Any(w => w.Name == resource.Name) || resources.Any(r => r.Name == resource.Name) || resource.Name == GatewayRenderer.Name)
            {
                throw new RenderException($"resource {users} ({spec.Location}) would be named '{resource.Name}' in the cluster, like another workload or resource; give it another name or id");
            }

            resources.Add(resource);
        }

        return resources;
    }
}
