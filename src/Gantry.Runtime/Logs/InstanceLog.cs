using System.Text;

namespace Gantry.Runtime.Logs;

/// <summary>The log of one instance: appends each line to its rotating file at once and keeps the last lines in memory.</summary>
public sealed class InstanceLog : IDisposable
{
    /// <summary>How many lines <see cref="Tail"/> can return.</summary>
    public const int TailCapacity = 200;

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keepFiles;
    private readonly Action<LogLine> _published;
    private readonly LogLine[] _tail = new LogLine[TailCapacity];
    private int _tailStart;
    private int _tailCount;
    private DateTimeOffset _lastTime;
    private FileStream? _file;
    private bool _disposed;

    internal InstanceLog(string app, string workload, string instanceId, string path, long maxBytes, int keepFiles, Action<LogLine> published)
    {
        App = app;
        Workload = workload;
        InstanceId = instanceId;
        _path = path;
        _maxBytes = maxBytes;
        _keepFiles = keepFiles;
        _published = published;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _file = OpenFile();
    }

    public string App { get; }

    public string Workload { get; }

    public string InstanceId { get; }

    /// <summary>Writes <paramref name="text"/> (split into lines) from <paramref name="stream"/>: <c>stdout</c>, <c>stderr</c> or <c>gantry</c>.</summary>
    public void Write(string stream, string text)
    {
        foreach (var part in text.Split('\n'))
        {
            WriteLine(stream, part.TrimEnd('\r'));
        }
    }

    /// <summary>The last <paramref name="count"/> lines (at most <see cref="TailCapacity"/>), oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(int count)
    {
        lock (_lock)
        {
            var n = Math.Clamp(count, 0, _tailCount);
            var lines = new LogLine[n];
            for (var i = 0; i < n; i++)
            {
                lines[i] = _tail[(_tailStart + _tailCount - n + i) % TailCapacity];
            }

            return lines;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    private void WriteLine(string stream, string text)
    {
        lock (_lock)
        {
            // Strictly increasing times keep lines of one instance in order and distinct when merged and followed.
            var now = DateTimeOffset.UtcNow;
            _lastTime = now > _lastTime ? now : _lastTime.AddTicks(1);
            var line = new LogLine(_lastTime, App, Workload, InstanceId, stream, text);
            AddToTail(line);
            if (!_disposed)
            {
                AppendToFile(line);
            }

            _published(line);
        }
    }

    private void AddToTail(LogLine line)
    {
        if (_tailCount < TailCapacity)
        {
            _tail[(_tailStart + _tailCount) % TailCapacity] = line;
            _tailCount++;
        }
        else
        {
            _tail[_tailStart] = line;
            _tailStart = (_tailStart + 1) % TailCapacity;
        }
    }

    private void AppendToFile(LogLine line)
    {
        try
        {
            _file ??= OpenFile();
            // The stream is unbuffered: every line reaches the file (and readers) with this one write.
            _file.Write(Encoding.UTF8.GetBytes(LogFileFormat.Format(line.Time, line.Stream, line.Text) + "\n"));
            if (_file.Length >= _maxBytes)
            {
                Rotate();
            }
        }
        catch (IOException)
        {
            // A full disk or a deleted folder must not take the instance down; the in-memory tail still has the line.
            _file?.Dispose();
            _file = null;
        }
    }

    private void Rotate()
    {
        _file?.Dispose();
        _file = null;
        for (var i = _keepFiles; i >= 1; i--)
        {
            var from = i == 1 ? _path : $"{_path}.{i - 1}";
            if (File.Exists(from))
            {
                File.Move(from, $"{_path}.{i}", overwrite: true);
            }
        }

        if (_keepFiles == 0)
        {
            File.Delete(_path);
        }

        _file = OpenFile();
    }

    private FileStream OpenFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        return new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
    }
}
