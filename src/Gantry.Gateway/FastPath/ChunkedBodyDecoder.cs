using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Decodes a chunked body (RFC 9112 §7.1) incrementally, handing out the data without copying it, with Kestrel's
/// strictness: at most 8 hex digits of chunk size, CRLF after sizes, extensions and data (a bare LF or CR is refused),
/// extensions skipped, trailers checked like headers and dropped. One instance per connection; <see cref="Reset(RequestHead)"/> per request.
/// </summary>
public sealed class ChunkedBodyDecoder(FastPathLimits? limits = null)
{
    // Kestrel reads a chunk-size line's first 10 bytes for "7FFFFFFF\r\n" and refuses longer sizes.
    private const int MaxSizeDigits = 8;

    private readonly FastPathLimits _limits = limits ?? FastPathLimits.Kestrel;
    private State _state;
    private long _chunkRemaining;
    private long _observed;
    private long _trailerBytesAllowed;
    private int _fieldsAllowed;

    private enum State
    {
        Size,
        Extension,
        Data,
        DataEnd,
        TrailerStart,
        Trailers,
        Done,
    }

    public FastPathVerdict Rejection { get; private set; }

    /// <summary>Starts a body; trailers share what the head left of the header limits, as in Kestrel.</summary>
    public void Reset(RequestHead head) => Reset(head.HeaderBytes, head.Fields.Length);

    /// <summary>Starts a body whose head is not a request's (a response relayed as is): trailers get the whole limits.</summary>
    public void Reset() => Reset(0, 0);

    private void Reset(int headerBytes, int fields)
    {
        _state = State.Size;
        _chunkRemaining = 0;
        _observed = 0;
        _trailerBytesAllowed = (long)_limits.MaxRequestHeadersTotalSize + 2 - headerBytes;
        _fieldsAllowed = _limits.MaxRequestHeaderCount - fields;
        Rejection = default;
    }

    /// <param name="input">The bytes after what earlier calls consumed.</param>
    /// <param name="consumed">Where the next call's input starts.</param>
    /// <param name="data">Body bytes when the status is <see cref="ChunkedBodyStatus.Data"/>.</param>
    public ChunkedBodyStatus Read(in ReadOnlySequence<byte> input, out SequencePosition consumed, out ReadOnlySequence<byte> data)
    {
        data = default;
        var reader = new SequenceReader<byte>(input);
        ChunkedBodyStatus? status = null;
        while (status is null)
        {
            status = _state switch
            {
                State.Size => ReadSize(ref reader),
                State.Extension => SkipExtension(ref reader),
                State.Data => ReadData(ref reader, out data),
                State.DataEnd => ReadDataEnd(ref reader),
                State.TrailerStart => ReadTrailerStart(ref reader),
                State.Trailers => ReadTrailer(ref reader),
                _ => ChunkedBodyStatus.Completed,
            };
        }

        consumed = reader.Position;
        return status.Value;
    }

    private ChunkedBodyStatus? ReadSize(ref SequenceReader<byte> reader)
    {
        var line = reader;
        if (!line.TryRead(out var first) || line.End)
        {
            return ChunkedBodyStatus.NeedMoreData;
        }

        if (!HttpBytes.IsHexDigit(first))
        {
            return Reject(400, "chunk size is not hex");
        }

        long size = HttpBytes.HexValue(first);
        for (var digits = 1; line.TryRead(out var next); digits++)
        {
            if (next == (byte)';' || next == HttpBytes.Cr)
            {
                if (next == HttpBytes.Cr)
                {
                    if (!line.TryRead(out var lf))
                    {
                        return ChunkedBodyStatus.NeedMoreData;
                    }

                    if (lf != HttpBytes.Lf)
                    {
                        return Reject(400, "chunk size not followed by CRLF");
                    }
                }

                _chunkRemaining = size;
                _state = next == (byte)';' ? State.Extension : size > 0 ? State.Data : State.TrailerStart;
                return Advance(ref reader, line.Consumed - reader.Consumed);
            }

            if (!HttpBytes.IsHexDigit(next) || digits == MaxSizeDigits)
            {
                return Reject(400, digits == MaxSizeDigits ? "chunk size too long" : "chunk size not followed by CRLF");
            }

            size = (size * 16) + HttpBytes.HexValue(next);
            if (size > int.MaxValue)
            {
                // Kestrel answers 500 here (an overflow escapes its parser); malformed framing is a 400.
                return Reject(400, "chunk size overflows");
            }
        }

        return ChunkedBodyStatus.NeedMoreData;
    }

    /// <summary>Kestrel skips extensions whatever their bytes, up to a CRLF; a bare LF or CR in them is refused.</summary>
    private ChunkedBodyStatus? SkipExtension(ref SequenceReader<byte> reader)
    {
        var line = reader;
        if (!line.TryAdvanceToAny("\r\n"u8, advancePastDelimiter: false))
        {
            return Advance(ref reader, reader.Remaining) ?? ChunkedBodyStatus.NeedMoreData;
        }

        var skipped = line.Consumed - reader.Consumed;
        line.TryRead(out var delimiter);
        if (delimiter == HttpBytes.Lf)
        {
            return Reject(400, "bare LF in a chunk extension");
        }

        if (!line.TryRead(out var lf))
        {
            return Advance(ref reader, skipped) ?? ChunkedBodyStatus.NeedMoreData;
        }

        if (lf != HttpBytes.Lf)
        {
            return Reject(400, "bare CR in a chunk extension");
        }

        _state = _chunkRemaining > 0 ? State.Data : State.TrailerStart;
        return Advance(ref reader, skipped + 2);
    }

    private ChunkedBodyStatus? ReadData(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data)
    {
        data = default;
        var length = Math.Min(reader.Remaining, _chunkRemaining);
        if (length == 0)
        {
            return ChunkedBodyStatus.NeedMoreData;
        }

        data = reader.UnreadSequence.Slice(0, length);
        _chunkRemaining -= length;
        if (_chunkRemaining == 0)
        {
            _state = State.DataEnd;
        }

        return Advance(ref reader, length) ?? ChunkedBodyStatus.Data;
    }

    private ChunkedBodyStatus? ReadDataEnd(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < 2)
        {
            return ChunkedBodyStatus.NeedMoreData;
        }

        if (!reader.IsNext("\r\n"u8))
        {
            return Reject(400, "chunk data not followed by CRLF");
        }

        _state = State.Size;
        return Advance(ref reader, 2);
    }

    private ChunkedBodyStatus? ReadTrailerStart(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < 2)
        {
            return ChunkedBodyStatus.NeedMoreData;
        }

        if (reader.IsNext("\r\n"u8))
        {
            _state = State.Done;
            return Advance(ref reader, 2) ?? ChunkedBodyStatus.Completed;
        }

        _state = State.Trailers;
        return null;
    }

    /// <summary>A trailer line: same rules and limits as a header line; trailers are not forwarded.</summary>
    private ChunkedBodyStatus? ReadTrailer(ref SequenceReader<byte> reader)
    {
        var before = reader.Consumed;
        switch (FieldLineReader.Read(ref reader, _trailerBytesAllowed, out var line))
        {
            case FieldLineReader.Result.NeedMoreData:
                return ChunkedBodyStatus.NeedMoreData;
            case FieldLineReader.Result.TooLarge:
                return Reject(431, "trailers too large");
            case FieldLineReader.Result.BareCr:
                return Reject(400, "CR not followed by LF in trailers");
        }

        _trailerBytesAllowed -= reader.Consumed - before;
        if (line.IsEmpty)
        {
            _state = State.Done;
            return ChunkedBodyStatus.Completed;
        }

        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        var verdict = FieldLineRules.Parse(bytes, out var name, out var value);
        if (verdict.Outcome == FastPathOutcome.Accept && --_fieldsAllowed < 0)
        {
            verdict = FastPathVerdict.Reject(431, "too many trailers");
        }

        if (verdict.Outcome == FastPathOutcome.Accept)
        {
            // Kestrel answers 500 to a NUL here; what it takes and the fast path would not forward does not matter: trailers are dropped.
            verdict = FieldLineRules.CheckContent(bytes[name], bytes[value]);
        }

        return verdict.Outcome == FastPathOutcome.Reject ? Reject(verdict.StatusCode, verdict.Reason) : null;
    }

    /// <summary>Consumes framing or data, counted against the body size limit as Kestrel counts it.</summary>
    private ChunkedBodyStatus? Advance(ref SequenceReader<byte> reader, long count)
    {
        reader.Advance(count);
        _observed += count;
        return _observed > _limits.MaxRequestBodySize ? Reject(413, "body over the size limit") : null;
    }

    private ChunkedBodyStatus Reject(int statusCode, string reason)
    {
        Rejection = FastPathVerdict.Reject(statusCode, reason);
        _state = State.Done;
        return ChunkedBodyStatus.Rejected;
    }
}
