namespace Gantry.Runtime.Instances.Container;

/// <summary>The container driver's log events (ids 1400–1499).</summary>
internal static partial class ContainerDriverLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Started instance {InstanceId} as container {ContainerId} from {Image}")]
    public static partial void Started(ILogger logger, string instanceId, string containerId, string image);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Adopted running container {ContainerId} as instance {InstanceId}")]
    public static partial void Adopted(ILogger logger, string containerId, string instanceId);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "The engine did not answer about container {ContainerId}: {Reason}")]
    public static partial void EngineUnreachable(ILogger logger, string containerId, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Removing container {ContainerId} failed: {Reason}")]
    public static partial void RemoveFailed(ILogger logger, string containerId, string reason);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Pulling image {Image}")]
    public static partial void Pulling(ILogger logger, string image);
}
