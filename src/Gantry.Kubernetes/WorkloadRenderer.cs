using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>One workload as a Deployment with its ConfigMaps, Service, PodDisruptionBudget and volume claims.</summary>
internal static class WorkloadRenderer
{
    public static IEnumerable<object> Render(AppSpec app, WorkloadSpec workload, string ns, RenderOptions options)
    {
        var replicas = workload.Replicas ?? 1;
        foreach (var container in workload.Containers.Where(c => !c.Variables.IsEmpty))
        {
            yield return new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Meta(EnvName(workload, container), ns, app, workload),
                Data = new SortedDictionary<string, string>(container.Variables, StringComparer.Ordinal),
            };
        }

        yield return Deployment(app, workload, ns, replicas, options);
        if (!workload.Ports.IsEmpty)
        {
            yield return new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Meta(workload.Name, ns, app, workload),
                Spec = new V1ServiceSpec
                {
                    Selector = KubernetesLabels.Selector(app.Name, workload.Name),
                    Ports = [.. workload.Ports.Select(p => new V1ServicePort
                    {
                        Name = p.Name,
                        Port = p.Port,
                        TargetPort = p.TargetPort,
                        Protocol = p.Protocol,
                    })],
                },
            };
        }

        if (replicas > 1)
        {
            yield return new V1PodDisruptionBudget
            {
                ApiVersion = "policy/v1",
                Kind = "PodDisruptionBudget",
                Metadata = Meta(workload.Name, ns, app, workload),
                Spec = new V1PodDisruptionBudgetSpec
                {
                    MaxUnavailable = 1,
                    Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(app.Name, workload.Name) },
                },
            };
        }

        foreach (var volume in workload.Containers.SelectMany(c => c.Volumes).Select(v => v.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            yield return new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = Meta(volume, ns, app, workload),
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            };
        }
    }

    public static V1ObjectMeta Meta(string name, string ns, AppSpec app, WorkloadSpec? workload) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = workload is null
            ? new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = app.Name, ["app.kubernetes.io/managed-by"] = "gantry" }
            : KubernetesLabels.For(app.Name, workload.Name),
    };

    private static string EnvName(WorkloadSpec workload, ContainerSpec container) => $"{workload.Name}-{container.Name}-env";

    private static V1Deployment Deployment(AppSpec app, WorkloadSpec workload, string ns, int replicas, RenderOptions options) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Meta(workload.Name, ns, app, workload),
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(app.Name, workload.Name) },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = workload.Rollout.MaxSurge, MaxUnavailable = workload.Rollout.MaxUnavailable },
            },
            ProgressDeadlineSeconds = (int)Math.Ceiling(workload.Rollout.ReadyTimeout.TotalSeconds),
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = KubernetesLabels.For(app.Name, workload.Name) },
                Spec = new V1PodSpec
                {
                    TerminationGracePeriodSeconds = (long)workload.Rollout.StopGracePeriod.TotalSeconds,
                    Containers = [.. workload.Containers.Select(c => ContainerRenderer.Render(app, workload, c, options, EnvName(workload, c)))],
                    Volumes = Volumes(workload),
                },
            },
        },
    };

    private static List<V1Volume>? Volumes(WorkloadSpec workload)
    {
        var sources = workload.Containers.SelectMany(c => c.Volumes).Select(v => v.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return sources.Count == 0 ? null : [.. sources.Select(s => new V1Volume { Name = s, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = s } })];
    }
}
