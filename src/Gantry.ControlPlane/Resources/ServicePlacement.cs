using Docker.DotNet;
using Gantry.AppModel.Provisioners;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// How this Gantry runs its platform servers: where its apps run. On the process runtime, as processes on this machine
/// on a port Gantry keeps; on the container runtime, as containers on the same engine, on the installation's network.
/// </summary>
public sealed class ServicePlacement
{
    // Inside a container nothing else listens: steps reach the server on its own loopback, at the image's port.
    private const string ContainerLoopback = "127.0.0.1";
    private const string ContainerRun = "/tmp";

    private ServicePlacement(DockerClient? engine, string installation)
    {
        Engine = engine;
        Installation = installation;
    }

    public static ServicePlacement Processes { get; } = new(null, "");

    public static ServicePlacement Containers(DockerClient engine, string installation) => new(engine, installation);

    /// <summary>The engine servers run on; null on the process runtime.</summary>
    public DockerClient? Engine { get; }

    public string Installation { get; }

    public string Runtime => Engine is null ? "process" : "container";

    /// <summary>The container that runs a service on this installation.</summary>
    public string ContainerName(string service) => $"{service}.{Installation}";

    /// <summary>The volume that keeps a service's data on this installation.</summary>
    public string VolumeName(string service) => $"gantry-service-{service}-{Installation}";

    public ServiceSite Site(ProvisionerDefinition definition, ServiceLayout layout, int keptPort)
    {
        if (Engine is null || definition.Service is not { } service)
        {
            return new ServiceSite(ServiceLayout.Host, keptPort, ServiceLayout.Host, keptPort, layout.Data, layout.Run, null);
        }

        var data = service.Container?.DataPath is { Length: > 0 } path ? path : ContainerRun;
        return new ServiceSite(layout.Name, service.Port, ContainerLoopback, service.Port, data, ContainerRun, ContainerName(layout.Name));
    }
}
