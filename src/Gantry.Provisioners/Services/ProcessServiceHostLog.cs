namespace Gantry.Provisioners.Services;

/// <summary>Log messages of the platform servers' hosts (event ids 1700–1749); never a server's environment or a step's input.</summary>
internal static partial class ProcessServiceHostLog
{
    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Service {Service}: initialized its data folder {DataDirectory}")]
    public static partial void Initialized(ILogger logger, string service, string dataDirectory);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Service {Service}: started {Program} as process {Pid}")]
    public static partial void Started(ILogger logger, string service, string program, int pid);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Information, Message = "Service {Service}: adopted process {Pid}, left running by an earlier Gantry")]
    public static partial void Adopted(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Information, Message = "Service {Service}: process {Pid} is ready")]
    public static partial void Ready(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Service {Service}: process {Pid} {Exit}; starting it again in {Delay}")]
    public static partial void Exited(ILogger logger, string service, int pid, string exit, TimeSpan delay);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "Service {Service}: restart failed; trying again in {Delay}: {Reason}")]
    public static partial void RestartFailed(ILogger logger, string service, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 1706, Level = LogLevel.Information, Message = "Service {Service}: its pid file names process {Pid}, which is not its server (gone, or the PID was reused); starting a new one")]
    public static partial void StalePidFile(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 1707, Level = LogLevel.Information, Message = "Service {Service}: stopping process {Pid}")]
    public static partial void Stopping(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 1708, Level = LogLevel.Warning, Message = "Service {Service}: process {Pid} did not stop within {GracePeriod}; killing its process group")]
    public static partial void StopTimedOut(ILogger logger, string service, int pid, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 1709, Level = LogLevel.Information, Message = "Service {Service}: left process {Pid} running, for the next Gantry to adopt")]
    public static partial void Detached(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 1710, Level = LogLevel.Warning, Message = "Service {Service}: not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Information, Message = "Service {Service}: ready again")]
    public static partial void ReadyAgain(ILogger logger, string service);
}
