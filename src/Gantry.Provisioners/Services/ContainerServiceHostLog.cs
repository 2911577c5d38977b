namespace Gantry.Provisioners.Services;

/// <summary>Log messages of the container hosts of platform servers (event ids 1720–1729); never a container's environment.</summary>
internal static partial class ContainerServiceHostLog
{
    [LoggerMessage(EventId = 1720, Level = LogLevel.Information, Message = "Service {Service}: started a container from {Image} ({ContainerId})")]
    public static partial void Started(ILogger logger, string service, string image, string containerId);

    [LoggerMessage(EventId = 1721, Level = LogLevel.Warning, Message = "Service {Service}: its container {Exit}; starting it again in {Delay}")]
    public static partial void Exited(ILogger logger, string service, string exit, TimeSpan delay);

    [LoggerMessage(EventId = 1722, Level = LogLevel.Warning, Message = "Service {Service}: restart failed; trying again later: {Reason}")]
    public static partial void RestartFailed(ILogger logger, string service, string reason);
}
