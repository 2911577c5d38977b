using System.Globalization;
using System.Text;

namespace Gantry.ControlPlane.Hosting.Logging;

/// <summary>
/// Gantry's own log file (<c>DATA/logs/gantry.log</c>): every logger of the process writes one line per entry here, so
/// the terminal of <c>gantry up</c> can show short progress lines instead. Past 16 MiB the file moves to <c>.1</c>.
/// </summary>
public sealed class FileLog : IDisposable
{
    private const long RotateAtBytes = 16L * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly string _path;
    private StreamWriter? _writer;

    public FileLog(string path)
    {
        _path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
    }

    public string Path => _path;

    /// <summary>Applied to every line before it is written (the host sets it once it knows the apps' secrets).</summary>
    public Func<string, string>? Scrub { get; set; }

    /// <summary>A provider for one host's logging; several hosts share this file.</summary>
    public ILoggerProvider CreateProvider() => new Provider(this);

    public void Write(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        var line = new StringBuilder(128)
            .Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(Level(level)).Append(' ').Append(category);
        if (eventId.Id != 0)
        {
            line.Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        line.Append(' ').Append(message);
        if (exception is not null)
        {
            line.AppendLine().Append(exception);
        }

        var text = Scrub is { } scrub ? scrub(line.ToString()) : line.ToString();

        lock (_lock)
        {
            try
            {
                _writer ??= Open();
                _writer.WriteLine(text);
                _writer.Flush();
                if (_writer.BaseStream.Length > RotateAtBytes)
                {
                    _writer.Dispose();
                    _writer = null;
                    File.Move(_path, _path + ".1", overwrite: true);
                }
            }
            catch (IOException)
            {
                // A log that cannot be written must not take Gantry down; the next entry tries again.
                _writer?.Dispose();
                _writer = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private StreamWriter Open() =>
        new(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete), new UTF8Encoding(false));

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Provider(FileLog log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new FileLogger(log, categoryName);

        // The file outlives each host: its owner disposes it.
        public void Dispose()
        {
        }
    }

    private sealed class FileLogger(FileLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write(logLevel, category, eventId, formatter(state, exception), exception);
            }
        }
    }
}
