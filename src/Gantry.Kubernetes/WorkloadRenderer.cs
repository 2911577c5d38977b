using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>One workload as a Deployment with its ConfigMaps, Service, PodDisruptionBudget and volume claims.</summary>
internal static class WorkloadRenderer
{
    public static IEnumerable<object> Render(AppSpec app, WorkloadSpec workload, string ns, RenderOptions options, IAppFiles? files, ResourceBindings bindings)
    {
        var replicas = workload.Replicas ?? 1;
        foreach (var configuration in Configuration(app, workload, ns, options, files))
        {
            yield return configuration;
        }

        yield return Deployment(app, workload, ns, replicas, options, bindings);
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

        if (workload.Autoscaling is { } autoscaling)
        {
            yield return AutoscalerRenderer.Render(Meta(workload.Name, ns, app, workload), autoscaling);
        }

        if ((workload.Autoscaling?.MinReplicas ?? replicas) > 1)
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

        foreach (var claim in Claims(app, workload, ns))
        {
            yield return claim;
        }
    }

    /// <summary>The ConfigMaps and Secret the workload's pods read their variables and files from; a job's own workload needs them too.</summary>
    public static IEnumerable<object> Configuration(AppSpec app, WorkloadSpec workload, string ns, RenderOptions options, IAppFiles? files)
    {
        foreach (var container in workload.Containers)
        {
            // Secret values go to a Secret, never a ConfigMap; GitOps leaves them out of the repository.
            var (secret, plain) = Split(container);
            if (plain.Count > 0)
            {
                yield return new V1ConfigMap
                {
                    ApiVersion = "v1",
                    Kind = "ConfigMap",
                    Metadata = Meta(EnvName(workload, container), ns, app, workload),
                    Data = plain,
                };
            }

            if (FilesRenderer.ConfigMap(workload, container, Meta(FilesRenderer.ConfigMapName(workload, container), ns, app, workload), files) is { } fileMap)
            {
                yield return fileMap;
            }

            if (secret.Count > 0 && options.IncludeSecretValues)
            {
                yield return new V1Secret
                {
                    ApiVersion = "v1",
                    Kind = "Secret",
                    Metadata = Meta(SecretName(workload, container), ns, app, workload),
                    Type = "Opaque",
                    StringData = secret,
                };
            }
        }
    }

    /// <summary>Volume resources get a claim; a source naming an existing claim is only mounted.</summary>
    public static IEnumerable<V1PersistentVolumeClaim> Claims(AppSpec app, WorkloadSpec workload, string ns)
    {
        foreach (var volume in workload.Containers.SelectMany(c => c.Volumes).Where(v => !v.Existing).Select(v => v.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
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

    private static string SecretName(WorkloadSpec workload, ContainerSpec container) => $"{workload.Name}-{container.Name}-secret";

    private static (SortedDictionary<string, string> Secret, SortedDictionary<string, string> Plain) Split(ContainerSpec container)
    {
        var secret = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var plain = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in container.Variables)
        {
            (SecretNames.IsSecret(container, name) ? secret : plain)[name] = value;
        }

        return (secret, plain);
    }

    private static V1Deployment Deployment(AppSpec app, WorkloadSpec workload, string ns, int replicas, RenderOptions options, ResourceBindings bindings) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = Meta(workload.Name, ns, app, workload),
        Spec = new V1DeploymentSpec
        {
            // An autoscaler owns the replica count; applying one here would fight it.
            Replicas = workload.Autoscaling is null ? replicas : null,
            Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(app.Name, workload.Name) },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = workload.Rollout.MaxSurge, MaxUnavailable = workload.Rollout.MaxUnavailable },
            },
            ProgressDeadlineSeconds = (int)Math.Ceiling(workload.Rollout.ReadyTimeout.TotalSeconds),
            Template = PodTemplate(app, workload, options, bindings),
        },
    };

    /// <summary>The pods of the workload's Deployment; a job's pods start from the same template (<see cref="JobRenderer"/>).</summary>
    public static V1PodTemplateSpec PodTemplate(AppSpec app, WorkloadSpec workload, RenderOptions options, ResourceBindings bindings) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Labels = KubernetesLabels.For(app.Name, workload.Name),
            Annotations = workload.Annotations.IsEmpty ? null : new SortedDictionary<string, string>(workload.Annotations, StringComparer.Ordinal),
        },
        Spec = new V1PodSpec
        {
            TerminationGracePeriodSeconds = (long)workload.Rollout.StopGracePeriod.TotalSeconds,
            Containers = [.. workload.Containers.Select(c => ContainerRenderer.Render(app, workload, c, options, EnvName(workload, c), SecretName(workload, c), bindings.Env(workload, c)))],
            Volumes = Volumes(workload),
        },
    };

    private static List<V1Volume>? Volumes(WorkloadSpec workload)
    {
        var sources = workload.Containers.SelectMany(c => c.Volumes).Select(v => v.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var volumes = sources.Select(s => new V1Volume { Name = s, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = s } })
            .Concat(workload.Containers.Where(c => !c.Files.IsEmpty).Select(c => FilesRenderer.Volume(workload, c)))
            .ToList();
        return volumes.Count == 0 ? null : volumes;
    }
}
