using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>
/// Gantry's own gateway in the app's namespace, for what Gateway API cannot express (JWT and API keys, per-client
/// limits and quotas, blocks, circuit breakers, the bulkhead): a Deployment running <c>gantry gateway</c> with the
/// app's spec from a Secret (policies may hold keys), and a Service. The app's HTTPRoutes then send traffic to it,
/// and it forwards to the workloads' Services by host and path like on one machine.
/// </summary>
internal static class GatewayRenderer
{
    public const string Name = "gantry-gateway";
    public const int Port = 8080;

    public static bool Needed(AppSpec app) =>
        app.MaxConcurrentRequests is not null
        || app.Workloads.Any(w => w.Routes.Any(r => r.Policy is { TlsPassthrough: false }) || (w.CircuitBreaker is not null && !w.Routes.IsEmpty));

    public static IEnumerable<object> Render(AppSpec app, string ns, RenderOptions options)
    {
        var meta = Meta(app, ns);
        if (options.IncludeSecretValues)
        {
            yield return new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = Meta(app, ns, $"{Name}-config"),
                Type = "Opaque",
                StringData = options.GatewayClientsJson is { } clients
                    ? new Dictionary<string, string> { ["app.json"] = SpecSerializer.Serialize(RoutesOnly(app)), ["clients.json"] = clients }
                    : new Dictionary<string, string> { ["app.json"] = SpecSerializer.Serialize(RoutesOnly(app)) },
            };
        }

        yield return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = meta,
            Spec = new V1DeploymentSpec
            {
                // One replica: per-client limits and quotas are counted per gateway process.
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(app.Name, Name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = KubernetesLabels.For(app.Name, Name) },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "gateway",
                                Image = options.GatewayImage ?? $"{options.ImageRegistry}/gantry:{options.ImageTag}",
                                Args = ["gateway", "--config", "/etc/gantry/app.json", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                                Ports = [new V1ContainerPort { ContainerPort = Port }],
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = Port } },
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                                },
                                VolumeMounts = [new V1VolumeMount { Name = "config", MountPath = "/etc/gantry", ReadOnlyProperty = true }],
                            },
                        ],
                        Volumes = [new V1Volume { Name = "config", Secret = new V1SecretVolumeSource { SecretName = $"{Name}-config" } }],
                    },
                },
            },
        };

        yield return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = meta,
            Spec = new V1ServiceSpec
            {
                Selector = KubernetesLabels.Selector(app.Name, Name),
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = Port, Protocol = "TCP" }],
            },
        };
    }

    /// <summary>What the gateway needs: routes, policies, breakers; not the containers with their variables and files.</summary>
    private static AppSpec RoutesOnly(AppSpec app) => app with { Workloads = [.. app.Workloads.Select(w => w with { Containers = [] })] };

    private static V1ObjectMeta Meta(AppSpec app, string ns, string name = Name) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = KubernetesLabels.For(app.Name, Name),
    };
}
