using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gantry.Runtime.Instances.Container;

/// <summary>
/// The installation's own network on the engine: its app instances and platform servers join it, and the engine's DNS
/// answers a server's name there (<c>postgres-default</c>), so apps reach their databases without published ports.
/// Other installations on the same engine have networks of their own.
/// </summary>
public static class ContainerNetwork
{
    public static string Name(string installation) => $"gantry-{installation}";

    /// <summary>
    /// The name every instance of a workload answers to on the network (<c>api.shop</c>), which other workloads call
    /// through service-port resources; a server's name never holds a dot, so none can be taken for it.
    /// </summary>
    public static string WorkloadAlias(string app, string workload) => $"{workload}.{app}";

    /// <summary>Creates the network unless it exists (a concurrent creation is fine).</summary>
    public static async Task<string> EnsureAsync(DockerClient client, string installation, CancellationToken cancellationToken)
    {
        var name = Name(installation);
        try
        {
            await client.Networks.InspectNetworkAsync(name, cancellationToken);
            return name;
        }
        catch (DockerNetworkNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }

        try
        {
            await client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                Labels = new Dictionary<string, string> { [ContainerLabels.Managed] = "true", [ContainerLabels.Installation] = installation },
            }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Made at the same moment by another request of ours.
        }

        return name;
    }

    /// <summary>The create request's part that puts a container on the network, known there by <paramref name="aliases"/>.</summary>
    public static NetworkingConfig Join(string network, params string[] aliases) => new()
    {
        EndpointsConfig = new Dictionary<string, EndpointSettings> { [network] = new EndpointSettings { Aliases = aliases.Length == 0 ? null : aliases } },
    };
}
