using Gantry.AppModel.Spec;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>One Score container as a pod container: image, command, env from its ConfigMap, ports, resources, probes, mounts.</summary>
internal static class ContainerRenderer
{
    public static V1Container Render(AppSpec app, WorkloadSpec workload, ContainerSpec container, RenderOptions options, string envConfigMap) => new()
    {
        Name = container.Name,
        Image = container.BuildsFromSource ? $"{options.ImageRegistry}/{app.Name}-{workload.Name}:{options.ImageTag}" : container.Image,
        Command = container.Command.IsEmpty ? null : [.. container.Command],
        Args = container.Args.IsEmpty ? null : [.. container.Args],
        EnvFrom = container.Variables.IsEmpty ? null : [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = envConfigMap } }],
        Ports = workload.Ports.IsEmpty ? null : [.. workload.Ports.Select(p => p.TargetPort).Distinct().Order().Select(p => new V1ContainerPort { ContainerPort = p })],
        Resources = Resources(container.Resources),
        LivenessProbe = Probe(container.LivenessProbe),
        ReadinessProbe = Probe(container.ReadinessProbe),
        VolumeMounts = container.Volumes.IsEmpty ? null : [.. container.Volumes.Select(v => new V1VolumeMount { Name = v.Source, MountPath = v.Target, ReadOnlyProperty = v.ReadOnly ? true : null })],
    };

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
