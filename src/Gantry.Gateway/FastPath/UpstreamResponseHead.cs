using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// An app's response head as the fast path relays it: a contiguous copy of the status line and fields, the status,
/// how the body is framed and whether the connection may be reused. Anything it cannot read plainly is refused, and
/// the request then goes the framework's way (which answers 502 for a malformed response as it always has).
/// </summary>
internal sealed class UpstreamResponseHead : IDisposable
{
    /// <summary>As SocketsHttpHandler's default MaxResponseHeadersLength (64 KB).</summary>
    public const int MaxHeadBytes = 64 * 1024;

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(1024);
    private HeaderField[] _fields = new HeaderField[16];
    private int _length;
    private int _fieldCount;
    private Range _reason;

    public int StatusCode { get; private set; }

    public ReadOnlySpan<byte> Reason => _bytes.AsSpan(0, _length)[_reason];

    public ReadOnlySpan<HeaderField> Fields => _fields.AsSpan(0, _fieldCount);

    public BodyFraming Framing { get; private set; }

    public long ContentLength { get; private set; }

    /// <summary>The app's side of the connection may carry another request (HTTP/1.1 without Connection: close).</summary>
    public bool KeepAlive { get; private set; }

    public ReadOnlySpan<byte> NameOf(HeaderField field) => _bytes.AsSpan(field.NameStart, field.NameLength);

    public ReadOnlySpan<byte> ValueOf(HeaderField field) => _bytes.AsSpan(field.ValueStart, field.ValueLength);

    /// <summary>Whether a Connection field lists <paramref name="name"/> (so it is hop-by-hop).</summary>
    public bool IsConnectionOption(ReadOnlySpan<byte> name) =>
        ConnectionOptions.ListedIn(_bytes, Fields, name);

    /// <summary>
    /// Null while the head is incomplete; else whether it was read, with <paramref name="end"/> after its empty line.
    /// </summary>
    public bool? TryRead(in ReadOnlySequence<byte> buffer, out SequencePosition end)
    {
        end = buffer.Start;
        var terminator = FindEnd(buffer);
        if (terminator < 0)
        {
            return buffer.Length > MaxHeadBytes ? false : null;
        }

        if (terminator > MaxHeadBytes)
        {
            return false;
        }

        end = buffer.GetPosition(terminator);
        Copy(buffer.Slice(0, terminator));
        return Parse();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    /// <summary>The offset just after the first CRLFCRLF, or -1.</summary>
    private static long FindEnd(in ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceTo(HttpBytes.Lf))
        {
            if (reader.IsNext("\r\n"u8, advancePast: true))
            {
                return reader.Consumed;
            }

            if (reader.Consumed > MaxHeadBytes)
            {
                return reader.Consumed;
            }
        }

        return -1;
    }

    private void Copy(in ReadOnlySequence<byte> head)
    {
        if (head.Length > _bytes.Length)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = ArrayPool<byte>.Shared.Rent((int)head.Length);
        }

        head.CopyTo(_bytes);
        _length = (int)head.Length;
        _fieldCount = 0;
        Framing = BodyFraming.None;
        ContentLength = 0;
    }

    private bool Parse()
    {
        var head = _bytes.AsSpan(0, _length);
        var lineEnd = head.IndexOf("\r\n"u8);
        if (!ParseStatusLine(head[..lineEnd], out var http11))
        {
            return false;
        }

        var keepAlive = http11;
        var contentLengths = 0;
        var chunked = false;
        for (var start = lineEnd + 2; start < _length - 2;)
        {
            var length = head[start..].IndexOf("\r\n"u8);
            if (length <= 0 || !AddField(head.Slice(start, length), start, out var field))
            {
                return false;
            }

            var name = NameOf(field);
            var value = ValueOf(field);
            if (HttpBytes.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (++contentLengths > 1 || !long.TryParse(value, System.Globalization.NumberStyles.None, null, out var contentLength))
                {
                    return false;
                }

                ContentLength = contentLength;
            }
            else if (HttpBytes.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                // Only a lone "chunked" is relayed as is; other codings go the framework's way.
                if (chunked || !HttpBytes.EqualsIgnoreCase(value, "chunked"u8))
                {
                    return false;
                }

                chunked = true;
            }
            else if (HttpBytes.EqualsIgnoreCase(name, "connection"u8))
            {
                if (!ConnectionOptions.IsPlainList(value))
                {
                    return false;
                }

                keepAlive = http11 ? !ConnectionOptions.Lists(value, "close"u8) : ConnectionOptions.Lists(value, "keep-alive"u8);
            }

            start += length + 2;
        }

        // Both framings at once is how responses are smuggled; refuse rather than pick one.
        if (chunked && contentLengths > 0)
        {
            return false;
        }

        Framing = chunked ? BodyFraming.Chunked : contentLengths > 0 ? BodyFraming.ContentLength : BodyFraming.None;
        KeepAlive = keepAlive && (Framing != BodyFraming.None || !HasBody(StatusCode));
        return true;
    }

    /// <summary>Whether a response with this status carries a body at all (RFC 9110 §6.4.1), HEAD requests apart.</summary>
    public static bool HasBody(int statusCode) => statusCode is not (204 or 304) and >= 200;

    /// <summary>"HTTP/1.1 200 OK": version, one space, three digits, then an optional reason.</summary>
    private bool ParseStatusLine(ReadOnlySpan<byte> line, out bool http11)
    {
        http11 = line.StartsWith("HTTP/1.1 "u8);
        if ((!http11 && !line.StartsWith("HTTP/1.0 "u8)) || line.Length < 12
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11])
            || (line.Length > 12 && line[12] != HttpBytes.Space))
        {
            return false;
        }

        StatusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        var reason = line.Length > 13 ? line[13..] : [];
        if (StatusCode < 100 || reason.IndexOfAny(HttpBytes.ValueControls) >= 0)
        {
            return false;
        }

        _reason = line.Length > 13 ? new Range(13, line.Length) : new Range(0, 0);
        return true;
    }

    private bool AddField(ReadOnlySpan<byte> line, int offset, out HeaderField field)
    {
        field = default;
        var colon = line.IndexOf(HttpBytes.Colon);
        if (colon <= 0 || line[..colon].IndexOfAnyExcept(HttpBytes.Token) >= 0)
        {
            return false;
        }

        var raw = line[(colon + 1)..];
        var value = HttpBytes.TrimOws(raw);
        if (value.IndexOfAny(HttpBytes.ValueControls) >= 0)
        {
            return false;
        }

        var valueStart = offset + colon + 1 + (value.IsEmpty ? 0 : raw.IndexOf(value[0]));
        field = new HeaderField(offset, colon, valueStart, value.Length);
        if (_fieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        _fields[_fieldCount++] = field;
        return true;
    }
}
