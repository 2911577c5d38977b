namespace Gantry.Gateway.ServicePorts;

/// <summary>Log messages of service-port listeners (event ids 1600–1619).</summary>
internal static partial class ServicePortLog
{
    [LoggerMessage(1600, LogLevel.Warning, "Service port {Name}: no instance is ready; the connection is closed ({Suppressed} more held back).")]
    public static partial void NoInstance(ILogger logger, string name, long suppressed);

    [LoggerMessage(1601, LogLevel.Warning, "Service port {Name}: connecting to {Backend} failed ({Error}); trying the next instance ({Suppressed} more held back).")]
    public static partial void ConnectFailed(ILogger logger, string name, string backend, string error, long suppressed);
}
