using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Parses an HTTP/1.1 request head from a pipe's buffer and decides, as Kestrel would, whether the fast path may
/// forward it, must leave it to Kestrel, or refuses it. Stateless between calls: an incomplete head is parsed again
/// from its start when more bytes arrive (heads are small and bounded by the limits).
/// </summary>
public sealed class Http1RequestParser(FastPathLimits? limits = null)
{
    private readonly FastPathLimits _limits = limits ?? FastPathLimits.Kestrel;

    /// <summary>
    /// Returns false when the head is incomplete (nothing consumed, everything examined). Returns true once
    /// <paramref name="head"/>'s verdict is decided; only an accepted head is consumed, so that a fall-back hands
    /// Kestrel every byte.
    /// </summary>
    public bool TryParseHead(in ReadOnlySequence<byte> buffer, RequestHead head, out SequencePosition consumed, out SequencePosition examined)
    {
        head.Reset();
        consumed = buffer.Start;
        examined = buffer.End;
        var reader = new SequenceReader<byte>(buffer);
        var verdict = ParseRequestLine(ref reader, head);
        if (verdict is null)
        {
            return false;
        }

        if (verdict.Value.Outcome == FastPathOutcome.Accept)
        {
            verdict = ParseFields(ref reader, head);
            if (verdict is null)
            {
                return false;
            }
        }

        head.Verdict = verdict.Value;
        if (verdict.Value.Outcome == FastPathOutcome.Accept)
        {
            consumed = examined = reader.Position;
            head.Consumed = reader.Consumed;
        }

        return true;
    }

    private FastPathVerdict? ParseRequestLine(ref SequenceReader<byte> reader, RequestHead head)
    {
        // Kestrel skips empty lines before a request (RFC 9112 §2.2 allows it).
        reader.AdvancePastAny(HttpBytes.Cr, HttpBytes.Lf);
        var window = new SequenceReader<byte>(reader.UnreadSequence.Slice(0, Math.Min(reader.Remaining, _limits.MaxRequestLineSize)));
        if (!window.TryReadToAny(out ReadOnlySequence<byte> line, "\n\0"u8, advancePastDelimiter: false))
        {
            return reader.Remaining >= _limits.MaxRequestLineSize ? FastPathVerdict.Reject(414, "request line too long") : null;
        }

        window.TryRead(out var delimiter);
        if (delimiter == 0)
        {
            return FastPathVerdict.BadRequest("NUL in the request line");
        }

        reader.Advance(window.Consumed);
        var start = head.Append(line);
        var verdict = RequestLineRules.Parse(head.Bytes[start..], out var parsed);
        if (verdict.Outcome == FastPathOutcome.Accept)
        {
            head.IsHttp11 = parsed.IsHttp11;
            head.SetRequestLine(Shift(parsed.Method, start), Shift(parsed.Target, start), parsed.PathLength);
        }

        return verdict;
    }

    private FastPathVerdict? ParseFields(ref SequenceReader<byte> reader, RequestHead head)
    {
        // Kestrel allows the limit plus the final empty line's CRLF.
        var allowed = (long)_limits.MaxRequestHeadersTotalSize + 2;
        var headersStart = reader.Consumed;
        var facts = new HeadFacts();
        while (true)
        {
            switch (FieldLineReader.Read(ref reader, allowed - (reader.Consumed - headersStart), out var line))
            {
                case FieldLineReader.Result.NeedMoreData:
                    return null;
                case FieldLineReader.Result.TooLarge:
                    return FastPathVerdict.Reject(431, "request headers too large");
                case FieldLineReader.Result.BareCr:
                    return FastPathVerdict.BadRequest("CR not followed by LF");
            }

            if (line.IsEmpty)
            {
                head.HeaderBytes = (int)(reader.Consumed - headersStart);
                return HeadRules.Decide(head, facts, _limits);
            }

            var verdict = TakeField(head, line, ref facts);
            if (verdict.Outcome != FastPathOutcome.Accept)
            {
                return verdict;
            }
        }
    }

    private FastPathVerdict TakeField(RequestHead head, in ReadOnlySequence<byte> line, ref HeadFacts facts)
    {
        var start = head.Append(line);
        var bytes = head.Bytes[start..];
        var verdict = FieldLineRules.Parse(bytes, out var nameRange, out var valueRange);
        if (verdict.Outcome != FastPathOutcome.Accept)
        {
            return verdict;
        }

        if (++facts.FieldCount > _limits.MaxRequestHeaderCount)
        {
            return FastPathVerdict.Reject(431, "too many request headers");
        }

        verdict = FieldLineRules.CheckContent(bytes[nameRange], bytes[valueRange]);
        if (verdict.Outcome != FastPathOutcome.Accept)
        {
            if (verdict.Outcome == FastPathOutcome.Reject)
            {
                return verdict;
            }

            facts.DeferFallBack(verdict);
        }

        var (nameOffset, nameLength) = nameRange.GetOffsetAndLength(bytes.Length);
        var (valueOffset, valueLength) = valueRange.GetOffsetAndLength(bytes.Length);
        var field = new HeaderField(start + nameOffset, nameLength, start + valueOffset, valueLength);
        head.AddField(field);
        return facts.Note(head, field);
    }

    private static Range Shift(Range range, int by) => (range.Start.Value + by)..(range.End.Value + by);
}
