using System.Text;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;
using k8s;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>
/// Renders an app as plain Kubernetes manifests — Namespace, ConfigMaps, Deployments, Services, Gateway API
/// HTTPRoutes, PodDisruptionBudgets, PersistentVolumeClaims, a StatefulSet per provisioned resource and a CronJob per job — in a stable order with no timestamps, so that the same
/// app renders to the same bytes and Git diffs show only what changed.
/// </summary>
public static class ManifestRenderer
{
    /// <param name="files">The app's files, for Score <c>files</c> with a <c>source</c>; null when none has one.</param>
    /// <exception cref="RenderException">A provisioned resource or a job cannot be rendered (a type, param or schedule has no Kubernetes rendering).</exception>
    public static IReadOnlyList<object> Render(AppSpec app, RenderOptions options, IAppFiles? files = null)
    {
        app = options.Domain is { } domain ? LocalHosts.MoveTo(app, domain) : app;
        var ns = Namespace(app, options);
        var resources = ClusterResources.Of(app, ns, options.Operators);
        var bindings = ResourceBindings.Bind(app, resources);
        app = bindings.App;
        var objects = new List<object>
        {
            new V1Namespace
            {
                ApiVersion = "v1",
                Kind = "Namespace",
                Metadata = new V1ObjectMeta
                {
                    Name = ns,
                    Labels = new Dictionary<string, string>
                    {
                        ["app.kubernetes.io/part-of"] = app.Name,
                        ["app.kubernetes.io/managed-by"] = "gantry",
                        ["gantry.dev/environment"] = options.Environment,
                    },
                },
            },
        };

        foreach (var resource in resources)
        {
            objects.AddRange(ResourceRenderer.Render(app, resource, options));
        }

        var viaGateway = GatewayRenderer.Needed(app);
        foreach (var workload in app.Workloads.OrderBy(w => w.Name, StringComparer.Ordinal))
        {
            objects.AddRange(WorkloadRenderer.Render(app, workload, ns, options, files, bindings));
            objects.AddRange(workload.Routes
                .Where(r => r.Policy?.TlsPassthrough != true)
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => Route(app, workload, r, ns, options, viaGateway)));
        }

        foreach (var job in app.Jobs.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            if (job.OwnWorkload is { } own)
            {
                // A claim shared by id with a workload's is rendered once, with that workload.
                var claimed = objects.OfType<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
                objects.AddRange(WorkloadRenderer.Configuration(app, own, ns, options, files));
                objects.AddRange(WorkloadRenderer.Claims(app, own, ns).Where(c => !claimed.Contains(c.Metadata.Name)));
            }

            objects.Add(JobRenderer.Render(app, job, ns, options, bindings));
        }
        if (viaGateway)
        {
            objects.AddRange(GatewayRenderer.Render(app, ns, options));
        }

        return objects;
    }

    /// <summary>The manifests as one YAML stream, documents separated by <c>---</c>.</summary>
    public static string ToYaml(IEnumerable<object> objects)
    {
        var text = new StringBuilder();
        foreach (var item in objects)
        {
            text.Append("---\n").Append(KubernetesYaml.Serialize(item).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n')).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A file name per object: <c>NN-kind-name.yaml</c>, numbered in apply order.</summary>
    public static IReadOnlyList<(string File, string Yaml)> ToFiles(IReadOnlyList<object> objects) =>
        [.. objects.Select((item, i) =>
        {
            var (kind, name) = item switch
            {
                IKubernetesObject<V1ObjectMeta> k => (k.Kind, k.Metadata.Name),
                _ => throw new ArgumentException("not a Kubernetes object", nameof(objects)),
            };
            return ($"{i:00}-{kind.ToLowerInvariant()}-{name}.yaml", ToYaml([item]));
        })];

    public static string Namespace(AppSpec app, RenderOptions options) => $"{app.Name}-{options.Environment}";

    /// <param name="viaGateway">The app has policies only Gantry's gateway enforces: the route sends traffic to it, not straight to the workload.</param>
    private static HttpRoute Route(AppSpec app, WorkloadSpec workload, RouteSpec route, string ns, RenderOptions options, bool viaGateway) => new()
    {
        Metadata = WorkloadRenderer.Meta($"{workload.Name}-{(route.Name.Length > 0 ? route.Name : "route")}", ns, app, workload),
        Spec = new HttpRouteSpec
        {
            ParentRefs = [new HttpRouteParentRef { Name = options.GatewayName, Namespace = options.GatewayNamespace }],
            Hostnames = [route.Host],
            Rules =
            [
                new HttpRouteRule
                {
                    Matches = [new HttpRouteMatch { Path = new HttpPathMatch { Value = route.Path } }],
                    BackendRefs = [viaGateway
                        ? new HttpRouteBackendRef { Name = GatewayRenderer.Name, Port = 80 }
                        : new HttpRouteBackendRef { Name = workload.Name, Port = route.Port }],
                },
            ],
        },
    };
}
