using System.Globalization;
using Docker.DotNet.Models;

namespace Gantry.Runtime.Instances.Container;

/// <summary>Translates an instance's spec into the engine's create-container request.</summary>
internal static class ContainerParameters
{
    public static CreateContainerParameters For(InstanceSpec spec, ContainerLaunch launch, IReadOnlyDictionary<string, string> environment, string installation, string network)
    {
        var ports = spec.ContainerPorts.IsDefault ? [] : spec.ContainerPorts;
        var labels = new Dictionary<string, string>
        {
            [ContainerLabels.Managed] = "true",
            [ContainerLabels.Installation] = installation,
            [ContainerLabels.App] = spec.App,
            [ContainerLabels.Workload] = spec.Workload,
            [ContainerLabels.Release] = spec.Release.ToString(CultureInfo.InvariantCulture),
            [ContainerLabels.Instance] = spec.InstanceId,
        };
        if (launch.Limits.MemoryRequestBytes is { } memoryRequest)
        {
            labels[ContainerLabels.MemoryRequest] = memoryRequest.ToString(CultureInfo.InvariantCulture);
        }

        if (launch.Limits.CpuRequestMillis is { } cpuRequest)
        {
            labels[ContainerLabels.CpuRequest] = cpuRequest.ToString(CultureInfo.InvariantCulture);
        }

        return new CreateContainerParameters
        {
            Name = ContainerDriver.ContainerName(spec.InstanceId, installation),
            Image = launch.Image,
            Entrypoint = launch.Command.IsDefaultOrEmpty ? null : [.. launch.Command],
            Cmd = launch.Args.IsDefaultOrEmpty ? null : [.. launch.Args],
            Env = [.. environment.Select(e => $"{e.Key}={e.Value}")],
            Labels = labels,
            StopSignal = "SIGTERM",
            ExposedPorts = ports.ToDictionary(p => $"{p}/tcp", _ => default(EmptyStruct)),
            NetworkingConfig = ContainerNetwork.Join(network, ContainerNetwork.WorkloadAlias(spec.App, spec.Workload)),
            HostConfig = new HostConfig
            {
                // The installation's network, where platform servers answer to their names and workloads to their aliases.
                NetworkMode = network,
                // The gateway and the probes reach instances from the host: publish on loopback, on a port the engine picks.
                PortBindings = ports.ToDictionary(
                    p => $"{p}/tcp",
                    _ => (IList<PortBinding>)[new PortBinding { HostIP = "127.0.0.1", HostPort = "" }]),
                Memory = launch.Limits.MemoryBytes ?? 0,
                MemoryReservation = launch.Limits.MemoryRequestBytes ?? 0,
                NanoCPUs = launch.Limits.NanoCpus ?? 0,
                Mounts = [.. launch.Volumes.Select(Mount)],
            },
        };
    }

    private static Mount Mount(VolumeBinding volume)
    {
        if (volume.SubPath is { Length: > 0 } subPath)
        {
            throw new InstanceStartException(
                $"volume '{volume.Volume}' at {volume.Target}: a sub path ('{subPath}') needs an engine that mounts volume sub paths; mount the whole volume instead");
        }

        return new Mount { Type = "volume", Source = volume.Volume, Target = volume.Target, ReadOnly = volume.ReadOnly };
    }
}
