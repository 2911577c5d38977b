namespace Gantry.Cli.Output;

/// <summary>
/// What of the server's log a person at <c>gantry up</c>'s terminal needs: warnings and errors, one short line each
/// (<c>warning: …</c>), without categories, event ids or stack traces; the whole entry is in the log file.
/// </summary>
public sealed class TerminalProblemsLoggerProvider(string logFile) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TerminalLogger(logFile);

    public void Dispose()
    {
    }

    private sealed class TerminalLogger(string logFile) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var detail = exception is null ? "" : $" ({exception.Message}; details in {logFile})";
            Printer.Error.WriteLine($"{(logLevel == LogLevel.Warning ? "warning" : "error")}: {formatter(state, exception)}{detail}");
        }
    }
}
