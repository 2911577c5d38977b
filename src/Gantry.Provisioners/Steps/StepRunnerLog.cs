namespace Gantry.Provisioners.Steps;

/// <summary>Log messages of the step runner (event ids 1750–1799): programs and users only, never a command's environment or input.</summary>
internal static partial class StepRunnerLog
{
    [LoggerMessage(EventId = 1750, Level = LogLevel.Debug, Message = "Running {Program} as {User}")]
    public static partial void Running(ILogger logger, string program, string user);

    [LoggerMessage(EventId = 1751, Level = LogLevel.Debug, Message = "{Program} (process {Pid}) exited with code {ExitCode}")]
    public static partial void Exited(ILogger logger, string program, int pid, int exitCode);

    [LoggerMessage(EventId = 1752, Level = LogLevel.Warning, Message = "{Program} (process {Pid}) ran past its timeout of {Timeout}; killed its process group")]
    public static partial void TimedOut(ILogger logger, string program, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 1753, Level = LogLevel.Debug, Message = "{Program} in container {Container} exited with code {ExitCode}")]
    public static partial void ExitedInContainer(ILogger logger, string program, string container, int exitCode);
}
