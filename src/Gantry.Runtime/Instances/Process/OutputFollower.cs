using System.Text;
using Gantry.Runtime.Logs;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// Follows one output file of an instance (the process appends to it; no pipe ties it to Gantry, so it outlives a killed
/// Gantry) from a position, line by line, into the instance's log. What was read is punched out of the file, so it takes
/// no disk space however long the instance runs; offsets stay valid, so an adopting Gantry goes on where this one was.
/// </summary>
internal sealed class OutputFollower : IDisposable
{
    private const int MaxLineChars = 64 * 1024;
    private const long PunchEvery = 1024 * 1024;

    private readonly SafeFileHandle _file;
    private readonly string _stream;
    private readonly InstanceLog _log;
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly byte[] _bytes = new byte[16 * 1024];
    private readonly char[] _chars = new char[Encoding.UTF8.GetMaxCharCount(16 * 1024)];
    private readonly StringBuilder _line = new();
    private long _punched;

    public OutputFollower(string path, string stream, long position, InstanceLog log)
    {
        _file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        _stream = stream;
        _log = log;
        Position = _punched = position;
    }

    /// <summary>Bytes of the file read so far.</summary>
    public long Position { get; private set; }

    /// <summary>Reads what was appended since the last call; true when there was something.</summary>
    public bool ReadAvailable()
    {
        var any = false;
        int read;
        while ((read = RandomAccess.Read(_file, _bytes, Position)) > 0)
        {
            any = true;
            Position += read;
            var count = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush: false);
            Split(_chars.AsSpan(0, count));
        }

        if (Position - _punched >= PunchEvery)
        {
            // Tried once where holes cannot be punched: the file then grows as any log file would.
            _punched = FileHoles.Punch(_file, Position) ? Position : long.MaxValue;
        }

        return any;
    }

    /// <summary>Reads the rest and writes a last line that has no newline: the process is gone.</summary>
    public bool ReadToEnd()
    {
        var any = ReadAvailable();
        if (_line.Length > 0)
        {
            Emit();
        }

        return any;
    }

    public void Dispose() => _file.Dispose();

    private void Split(ReadOnlySpan<char> chars)
    {
        while (chars.Length > 0)
        {
            var newline = chars.IndexOf('\n');
            var part = newline < 0 ? chars : chars[..newline];
            _line.Append(part);
            if (newline >= 0 || _line.Length >= MaxLineChars)
            {
                Emit();
            }

            chars = newline < 0 ? [] : chars[(newline + 1)..];
        }
    }

    private void Emit()
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        _log.Write(_stream, _line.ToString());
        _line.Clear();
    }
}
