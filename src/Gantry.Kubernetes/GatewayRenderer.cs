using System.Text;
using Gantry.AppModel.Gateway;
using Gantry.AppModel.Spec;
using Gantry.Gateway.Config;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>
/// Gantry's gateway in the app's namespace, for what Gateway API cannot express (JWT and API keys, per-client limits
/// and quotas, blocks, circuit breakers, the bulkhead): a Deployment running <c>gantry-gateway</c> (the gateway's own
/// small image) with the app's gateway snapshot from a Secret (it holds key hashes), and a Service. The app's
/// HTTPRoutes send traffic to it, and it forwards to the workloads' Services by host and path like on one machine.
/// </summary>
internal static class GatewayRenderer
{
    public const string Name = "gantry-gateway";
    public const int Port = 8080;
    public const int HealthPort = 9901;
    public const string SnapshotFile = "snapshot.json";
    private const string ConfigFolder = "/etc/gantry-gateway";

    public static bool Needed(AppSpec app) =>
        app.MaxConcurrentRequests is not null
        || app.Workloads.Any(w => w.Routes.Any(r => r.Policy is { TlsPassthrough: false }) || (w.CircuitBreaker is not null && !w.Routes.IsEmpty));

    /// <summary>The gateway's arguments in the pod: traffic and health on every address, its snapshot from the Secret, state in an emptyDir.</summary>
    public static IList<string> Arguments { get; } =
    [
        "--listen", $"0.0.0.0:{Port}", "--health", $"0.0.0.0:{HealthPort}", "--state", "/var/lib/gantry-gateway",
        "--snapshot", $"{ConfigFolder}/{SnapshotFile}",
    ];

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
                StringData = new Dictionary<string, string>
                {
                    [SnapshotFile] = Encoding.UTF8.GetString(GatewayConfigJson.Serialize(ClusterGatewaySnapshot.For(app, options.GatewayClients))),
                },
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
                        Containers = [Container(options)],
                        Volumes =
                        [
                            new V1Volume { Name = "config", Secret = new V1SecretVolumeSource { SecretName = $"{Name}-config" } },
                            new V1Volume { Name = "state", EmptyDir = new V1EmptyDirVolumeSource() },
                        ],
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

    private static V1Container Container(RenderOptions options) => new()
    {
        Name = "gateway",
        Image = options.GatewayImage ?? $"{options.ImageRegistry}/{Name}:{options.ImageTag}",
        Args = Arguments,
        Ports = [new V1ContainerPort { Name = "http", ContainerPort = Port }, new V1ContainerPort { Name = "health", ContainerPort = HealthPort }],

        // Ready once it holds a snapshot; live while it serves.
        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz/ready", Port = HealthPort } },
        LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz/live", Port = HealthPort } },
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
        },
        VolumeMounts =
        [
            new V1VolumeMount { Name = "config", MountPath = ConfigFolder, ReadOnlyProperty = true },
            new V1VolumeMount { Name = "state", MountPath = "/var/lib/gantry-gateway" },
        ],
    };

    private static V1ObjectMeta Meta(AppSpec app, string ns, string name = Name) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = KubernetesLabels.For(app.Name, Name),
    };
}
