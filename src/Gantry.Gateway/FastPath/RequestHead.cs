using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// One parsed request head: a contiguous copy of its bytes (pooled, reused for every request of a connection) and
/// offsets into it, so that parsing allocates nothing per request once the buffers have grown.
/// </summary>
public sealed class RequestHead : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(1024);
    private HeaderField[] _fields = new HeaderField[16];
    private int _length;
    private int _fieldCount;
    private Range _method;
    private Range _target;
    private int _pathLength;
    private int _hostStart, _hostLength;
    private bool _hasConnectionField;

    public FastPathVerdict Verdict { get; internal set; }

    /// <summary>The request line and header lines as received (line terminators removed).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    public ReadOnlySpan<byte> Method => Bytes[_method];

    /// <summary>The origin-form request-target: path and query as sent.</summary>
    public ReadOnlySpan<byte> Target => Bytes[_target];

    public ReadOnlySpan<byte> Path => Target[.._pathLength];

    /// <summary>The query including its '?', or empty.</summary>
    public ReadOnlySpan<byte> Query => Target[_pathLength..];

    public bool IsHttp11 { get; internal set; }

    public ReadOnlySpan<HeaderField> Fields => _fields.AsSpan(0, _fieldCount);

    public BodyFraming Framing { get; internal set; }

    /// <summary>The Content-Length when <see cref="Framing"/> says so.</summary>
    public long ContentLength { get; internal set; }

    /// <summary>Whether the connection may carry another request after this one (as Kestrel decides it).</summary>
    public bool KeepAlive { get; internal set; }

    /// <summary>The client sent <c>Expect: 100-continue</c> and waits for an interim response before its body.</summary>
    public bool ExpectContinue { get; internal set; }

    /// <summary>Input bytes the head took, leading empty lines included: the body starts right after them.</summary>
    public long Consumed { get; internal set; }

    /// <summary>Header bytes counted against the limit, which trailers share (as in Kestrel).</summary>
    public int HeaderBytes { get; internal set; }

    /// <summary>The one Host value (empty when there is none), found while parsing.</summary>
    public ReadOnlySpan<byte> Host => _hostLength == 0 ? [] : _bytes.AsSpan(_hostStart, _hostLength);

    public ReadOnlySpan<byte> NameOf(HeaderField field) => _bytes.AsSpan(field.NameStart, field.NameLength);

    public ReadOnlySpan<byte> ValueOf(HeaderField field) => _bytes.AsSpan(field.ValueStart, field.ValueLength);

    /// <summary>
    /// Whether <paramref name="headerName"/> is listed in a Connection header: such fields are hop-by-hop
    /// (RFC 9110 §7.6.1) and are not forwarded.
    /// </summary>
    public bool IsConnectionOption(ReadOnlySpan<byte> headerName) =>
        _hasConnectionField && ConnectionOptions.ListedIn(_bytes, Fields, headerName);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    internal void Reset()
    {
        _length = 0;
        _fieldCount = 0;
        _method = _target = default;
        _pathLength = 0;
        _hostStart = _hostLength = 0;
        _hasConnectionField = false;
        Verdict = default;
        IsHttp11 = false;
        Framing = BodyFraming.None;
        ContentLength = 0;
        KeepAlive = false;
        ExpectContinue = false;
        Consumed = 0;
        HeaderBytes = 0;
    }

    /// <summary>Copies a line in and returns where it starts.</summary>
    internal int Append(in ReadOnlySequence<byte> line)
    {
        var start = _length;
        var needed = start + (int)line.Length;
        if (needed > _bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _bytes.Length * 2));
            _bytes.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = larger;
        }

        line.CopyTo(_bytes.AsSpan(start));
        _length = needed;
        return start;
    }

    internal void SetRequestLine(Range method, Range target, int pathLength)
    {
        _method = method;
        _target = target;
        _pathLength = pathLength;
    }

    /// <summary>What the parser noted while reading the fields, so readers need not look for them again.</summary>
    internal void SetNotedFields(HeaderField? host, bool hasConnectionField)
    {
        (_hostStart, _hostLength) = host is { } field ? (field.ValueStart, field.ValueLength) : (0, 0);
        _hasConnectionField = hasConnectionField;
    }

    internal void AddField(HeaderField field)
    {
        if (_fieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[_fieldCount++] = field;
    }
}
