using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>One Score container as a pod container: image, command, env from its ConfigMap and Secret (and resources' Secrets), ports, resources, probes, mounts.</summary>
internal static class ContainerRenderer
{
    public static V1Container Render(AppSpec app, WorkloadSpec workload, ContainerSpec container, RenderOptions options, string envConfigMap, string envSecret, List<V1EnvVar>? env) => new()
    {
        Name = container.Name,
        Image = container.BuildsFromSource ? BuiltImage(app, workload, container, options) : container.Image,
        Command = container.Command.IsEmpty ? null : [.. container.Command],
        Args = container.Args.IsEmpty ? null : [.. container.Args],
        Env = env,
        EnvFrom = EnvFrom(container, envConfigMap, envSecret),
        Ports = workload.Ports.IsEmpty ? null : [.. workload.Ports.Select(p => p.TargetPort).Distinct().Order().Select(p => new V1ContainerPort { ContainerPort = p })],
        Resources = Resources(container.Resources),
        LivenessProbe = Probe(container.LivenessProbe),
        ReadinessProbe = Probe(container.ReadinessProbe),
        VolumeMounts = Mounts(container),
    };

    /// <summary>Where an image built from source is pushed: per workload, and per container when a workload has several.</summary>
    public static string BuiltImage(AppSpec app, WorkloadSpec workload, ContainerSpec container, RenderOptions options) =>
        workload.Containers.Count(c => c.BuildsFromSource) > 1
            ? $"{options.ImageRegistry}/{app.Name}-{workload.Name}-{container.Name}:{options.ImageTag}"
            : $"{options.ImageRegistry}/{app.Name}-{workload.Name}:{options.ImageTag}";

    private static List<V1VolumeMount>? Mounts(ContainerSpec container)
    {
        var mounts = container.Volumes
            .Select(v => new V1VolumeMount { Name = v.Source, MountPath = v.Target, SubPath = v.Path?.TrimStart('/'), ReadOnlyProperty = v.ReadOnly ? true : null })
            .Concat(FilesRenderer.Mounts(container))
            .ToList();
        return mounts.Count == 0 ? null : mounts;
    }

    private static List<V1EnvFromSource>? EnvFrom(ContainerSpec container, string configMap, string secret)
    {
        var sources = new List<V1EnvFromSource>();
        if (container.Variables.Keys.Any(k => !SecretNames.IsSecret(container, k)))
        {
            sources.Add(new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMap } });
        }

        if (container.Variables.Keys.Any(k => SecretNames.IsSecret(container, k)))
        {
            sources.Add(new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret } });
        }

        return sources.Count == 0 ? null : sources;
    }

    private static V1ResourceRequirements? Resources(ResourcesSpec? resources)
    {
        if (resources is null)
        {
            return null;
        }

        return new V1ResourceRequirements { Limits = Amounts(resources.Limits), Requests = Amounts(resources.Requests) };
    }

    private static Dictionary<string, ResourceQuantity>? Amounts(ResourceAmounts? amounts)
    {
        if (amounts is null || (amounts.Cpu is null && amounts.Memory is null))
        {
            return null;
        }

        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (amounts.Cpu is { } cpu)
        {
            result["cpu"] = new ResourceQuantity(cpu);
        }

        if (amounts.Memory is { } memory)
        {
            result["memory"] = new ResourceQuantity(memory);
        }

        return result;
    }

    private static V1Probe? Probe(ProbeSpec? probe) => probe switch
    {
        null => null,
        { HttpGet: { } http } => new V1Probe
        {
            HttpGet = new V1HTTPGetAction
            {
                Path = http.Path,
                Port = http.Port,
                Scheme = http.Scheme,
                Host = http.Host,
                HttpHeaders = http.Headers.IsEmpty ? null : [.. http.Headers.Select(h => new V1HTTPHeader { Name = h.Name, Value = h.Value })],
            },
        },
        _ => new V1Probe { Exec = new V1ExecAction { Command = [.. probe.Exec] } },
    };
}
