using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// Reads one header or trailer line within what the header limit still allows. Like Kestrel, a line may end in CRLF
/// or a bare LF (RFC 9112 §2.2 lets a recipient accept it), and a CR must be followed by LF.
/// </summary>
internal static class FieldLineReader
{
    public enum Result
    {
        Line,
        NeedMoreData,
        TooLarge,
        BareCr,
    }

    /// <param name="allowed">Bytes the line, terminator included, may still take.</param>
    public static Result Read(ref SequenceReader<byte> reader, long allowed, out ReadOnlySequence<byte> line)
    {
        var overflows = reader.Remaining > allowed;
        var window = new SequenceReader<byte>(reader.UnreadSequence.Slice(0, Math.Min(reader.Remaining, allowed)));
        if (!window.TryReadToAny(out line, "\r\n"u8, advancePastDelimiter: false))
        {
            return overflows ? Result.TooLarge : Result.NeedMoreData;
        }

        window.TryRead(out var terminator);
        if (terminator == HttpBytes.Cr)
        {
            if (!window.TryRead(out var next))
            {
                return overflows ? Result.TooLarge : Result.NeedMoreData;
            }

            if (next != HttpBytes.Lf)
            {
                return Result.BareCr;
            }
        }

        reader.Advance(window.Consumed);
        return Result.Line;
    }
}
