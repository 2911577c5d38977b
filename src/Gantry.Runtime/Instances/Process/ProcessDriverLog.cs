namespace Gantry.Runtime.Instances.Process;

/// <summary>Log messages of the process driver; event ids 1100–1199 are this driver's.</summary>
internal static partial class ProcessDriverLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Started instance {InstanceId} as process {Pid}: {FileName}")]
    public static partial void Started(ILogger logger, string instanceId, int pid, string fileName);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Instance {InstanceId} (process {Pid}) exited: {Exit}")]
    public static partial void Exited(ILogger logger, string instanceId, int pid, InstanceExit exit);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Instance {InstanceId} did not stop within {GracePeriod} after SIGTERM; killing its process group")]
    public static partial void StopTimedOut(ILogger logger, string instanceId, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Killed process group {Pgid} of instance {InstanceId}, left running by an earlier Gantry")]
    public static partial void ReapedOrphan(ILogger logger, int pgid, string instanceId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Output of instance {InstanceId} could not be read or its position recorded: {Reason}")]
    public static partial void OutputUnreadable(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "/usr/bin/setsid not found: instances share Gantry's process group, and their children may outlive them")]
    public static partial void NoSetsid(ILogger logger);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Adopted instance {InstanceId} (process {Pid}), left running by an earlier Gantry")]
    public static partial void Adopted(ILogger logger, string instanceId, int pid);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Removed instance {InstanceId} (process {Pid}), left by an earlier Gantry, which no release wants")]
    public static partial void RemovedLeftover(ILogger logger, string instanceId, int pid);
}
