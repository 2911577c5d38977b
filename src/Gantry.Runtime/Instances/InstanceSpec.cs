using System.Collections.Immutable;

namespace Gantry.Runtime.Instances;

/// <summary>Everything a driver needs to start one instance of a workload.</summary>
/// <param name="InstanceId">Stable across restarts of the same instance (like a pod name), unique on the machine.</param>
/// <param name="App">The app the instance belongs to.</param>
/// <param name="Workload">The workload (Score file) it runs.</param>
/// <param name="Release">The release number it runs.</param>
/// <param name="Launch">The built artifact's start command.</param>
/// <param name="Environment">The workload's variables and Gantry's own (<c>GANTRY_*</c>); applied over <c>Launch.Environment</c>.</param>
/// <param name="ContainerPorts">Ports the workload listens on; the driver maps each to a port on 127.0.0.1 and passes the first as <c>PORT</c>.</param>
public sealed record InstanceSpec(
    string InstanceId,
    string App,
    string Workload,
    int Release,
    LaunchCommand Launch,
    ImmutableDictionary<string, string> Environment,
    ImmutableArray<int> ContainerPorts)
{
    /// <summary>For the container runtime: the image and container settings (<c>Launch</c> is unused there); null for processes.</summary>
    public ContainerLaunch? Container { get; init; }
}
