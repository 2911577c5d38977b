namespace Gantry.Gateway.FastPath;

/// <summary>The values that decide body framing (RFC 9112 §6): Content-Length and Transfer-Encoding, read as Kestrel reads them.</summary>
internal static class FramingRules
{
    /// <summary>1*DIGIT (RFC 9110 §8.6). Kestrel also takes a leading '+', which the fast path leaves to it.</summary>
    public static FastPathVerdict ParseContentLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        var digits = value.Length > 1 && value[0] == (byte)'+' ? value[1..] : value;
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return FastPathVerdict.BadRequest("invalid Content-Length");
        }

        foreach (var digit in digits)
        {
            if (length > (long.MaxValue - (digit - '0')) / 10)
            {
                return FastPathVerdict.BadRequest("Content-Length overflows");
            }

            length = (length * 10) + (digit - '0');
        }

        return digits.Length == value.Length ? FastPathVerdict.Accept : FastPathVerdict.FallBack("signed Content-Length");
    }

    /// <summary>
    /// The last coding a Transfer-Encoding line names, or <paramref name="previous"/> when it names none. Elements are
    /// split on ',' and trimmed of SP only, empty ones skipped, as Kestrel does (so a tab makes a coding unknown).
    /// </summary>
    public static ReadOnlySpan<byte> LastCoding(ReadOnlySpan<byte> value, ReadOnlySpan<byte> previous)
    {
        var last = previous;
        foreach (var range in value.Split((byte)','))
        {
            var element = value[range].Trim((byte)' ');
            if (!element.IsEmpty)
            {
                last = element;
            }
        }

        return last;
    }
}
