namespace Gantry.Runtime.Instances;

/// <summary>Log messages of the instance supervisor; event ids 1200–1299 are the supervisor's.</summary>
internal static partial class InstanceSupervisorLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Instance {InstanceId} {Reason}; restarting in {Delay}")]
    public static partial void Restarting(ILogger logger, string instanceId, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Instance {InstanceId} failed its liveness probe: {Probe}")]
    public static partial void LivenessFailed(ILogger logger, string instanceId, string probe);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Starting instance {InstanceId} failed unexpectedly")]
    public static partial void StartFailedUnexpectedly(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "A status change handler of instance {InstanceId} threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Supervising instance {InstanceId} failed; it is no longer restarted")]
    public static partial void SupervisionFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Instance {InstanceId} stopped")]
    public static partial void Stopped(ILogger logger, string instanceId);
}
