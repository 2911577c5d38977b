namespace Gantry.ControlPlane.ServicePorts;

/// <summary>Log messages of the service-port directory (event ids 1620–1639).</summary>
internal static partial class ServicePortDirectoryLog
{
    [LoggerMessage(1620, LogLevel.Error, "Service port {Name}: its port {Port} on 127.0.0.1 is taken by another program ({Error}); workloads that call it cannot reach it until that program stops and Gantry restarts.")]
    public static partial void PortTaken(ILogger logger, string name, int port, string error);
}
