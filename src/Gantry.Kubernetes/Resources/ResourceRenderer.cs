using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes.Resources;

/// <summary>
/// One provisioned resource as a Secret with its credentials, a headless Service and a one-replica StatefulSet
/// whose claim (from <c>volumeClaimTemplates</c>) holds the data. The server reads its credentials from the Secret,
/// as the app's workloads do: no password is written in any other object.
/// </summary>
internal static class ResourceRenderer
{
    private const string DataVolume = "data";

    public static IEnumerable<object> Render(AppSpec app, ClusterResource resource, RenderOptions options) =>
        resource.Service.Operator is null
            ? RenderServer(app, resource, options)
            : OperatorRenderer.Render(app, resource, options, Meta(app, resource, resource.Name));

    /// <summary>The resource's Secret: its credentials, names made from the resource's and passwords generated.</summary>
    public static V1Secret Secret(ClusterResource resource, RenderOptions options, V1ObjectMeta meta) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = resource.SecretName, NamespaceProperty = meta.NamespaceProperty, Labels = meta.Labels },
        Type = "Opaque",
        StringData = resource.Service.Credentials.ToDictionary(
            c => c.Key,
            c => resource.FixedValue(c) ?? GeneratedPasswords.For(resource, c.Key, options.CredentialsKey) + c.Suffix,
            StringComparer.Ordinal),
    };

    private static IEnumerable<object> RenderServer(AppSpec app, ClusterResource resource, RenderOptions options)
    {
        if (options.IncludeSecretValues)
        {
            yield return Secret(resource, options, Meta(app, resource, resource.SecretName));
        }

        yield return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = Meta(app, resource, resource.Name),
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = KubernetesLabels.Selector(app.Name, resource.Name),
                Ports = [new V1ServicePort { Name = resource.Service.Type, Port = resource.Service.Port, TargetPort = resource.Service.Port, Protocol = "TCP" }],
            },
        };

        yield return StatefulSet(app, resource);
    }

    private static V1StatefulSet StatefulSet(AppSpec app, ClusterResource resource)
    {
        var service = resource.Service;
        var env = service.SecretEnv.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new V1EnvVar { Name = e.Key, ValueFrom = SecretKey(resource, e.Value) })
            .Concat(service.Env.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new V1EnvVar { Name = e.Key, Value = e.Value.Replace("{host}", resource.Host, StringComparison.Ordinal) }))
            .ToList();
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta(app, resource, resource.Name),
            Spec = new V1StatefulSetSpec
            {
                // One server per resource: more replicas would be separate servers, not a cluster of one.
                Replicas = 1,
                ServiceName = resource.Name,
                Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(app.Name, resource.Name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = KubernetesLabels.For(app.Name, resource.Name) },
                    Spec = new V1PodSpec
                    {
                        SecurityContext = service.FsGroup is { } group ? new V1PodSecurityContext { FsGroup = group } : null,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = service.Type,
                                Image = service.Image,
                                Args = service.Args.IsEmpty ? null : [.. service.Args],
                                Env = env,
                                Ports = [new V1ContainerPort { Name = service.Type, ContainerPort = service.Port }],
                                ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = service.Port }, PeriodSeconds = 5 },
                                Lifecycle = service.PostStart.IsEmpty ? null : new V1Lifecycle { PostStart = new V1LifecycleHandler { Exec = new V1ExecAction { Command = [.. service.PostStart] } } },
                                VolumeMounts = [new V1VolumeMount { Name = DataVolume, MountPath = service.DataPath }],
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = DataVolume, Labels = KubernetesLabels.For(app.Name, resource.Name) },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                        },
                    },
                ],
            },
        };
    }

    public static V1EnvVarSource SecretKey(ClusterResource resource, string key) =>
        new() { SecretKeyRef = new V1SecretKeySelector { Name = resource.SecretName, Key = key } };

    private static V1ObjectMeta Meta(AppSpec app, ClusterResource resource, string name) => new()
    {
        Name = name,
        NamespaceProperty = resource.Namespace,
        Labels = KubernetesLabels.For(app.Name, resource.Name),
    };
}
