using System.Collections.Immutable;
using Gantry.Provisioners.Steps;

namespace Gantry.Provisioners.Services;

/// <summary>
/// A platform server to run as a container (one per type and class), rendered from its definition: the image, the
/// volume that keeps its data, the network name apps reach it by, and the step (run inside it) that tells it is ready.
/// </summary>
/// <param name="Name">The service (<c>postgres-default</c>): its name on the installation's network, in messages and logs.</param>
/// <param name="ContainerName">The container's engine-wide name.</param>
/// <param name="Installation">The Gantry it belongs to (its labels, its network).</param>
/// <param name="Image">The image to run (<c>postgres:16</c>), pulled when the engine lacks it.</param>
/// <param name="Volume">The named volume that keeps its data; null for a server that keeps nothing.</param>
/// <param name="DataPath">Where the volume is mounted in the container.</param>
/// <param name="Command">Replaces the image's command; empty keeps it.</param>
/// <param name="Environment">The container's environment (may hold secrets: never logged).</param>
/// <param name="Ready">Exits 0 (run inside the container) when the server takes requests; null: running is ready.</param>
public sealed record ContainerServicePlan(
    string Name,
    string ContainerName,
    string Installation,
    string Image,
    string? Volume,
    string? DataPath,
    ImmutableArray<string> Command,
    ImmutableDictionary<string, string> Environment,
    CommandPlan? Ready)
{
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Values masked in what is reported of the server's log.</summary>
    public ImmutableArray<string> Secrets { get; init; } = [];
}
