using System.Text.Unicode;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// One header or trailer line (RFC 9112 §5): a name, a colon with no whitespace before it, and an OWS-trimmed value.
/// Strictness is Kestrel's: it rejects what it cannot decode and takes other odd bytes, which the fast path leaves to it.
/// </summary>
internal static class FieldLineRules
{
    /// <summary>The shape of a line: where its name and value are.</summary>
    /// <param name="line">The line without its terminator; a bare CR was refused while the line was read.</param>
    public static FastPathVerdict Parse(ReadOnlySpan<byte> line, out Range name, out Range value)
    {
        name = value = default;
        var nameEnd = line.IndexOfAny((byte)':', HttpBytes.Space, HttpBytes.Tab);
        if (nameEnd < 0)
        {
            return FastPathVerdict.BadRequest("header line without a colon");
        }

        if (nameEnd == 0)
        {
            // Also an obs-fold line (RFC 9112 §5.2), which Kestrel refuses.
            return FastPathVerdict.BadRequest(line[0] == (byte)':' ? "empty header name" : "line folding");
        }

        if (line[nameEnd] != HttpBytes.Colon)
        {
            return FastPathVerdict.BadRequest("whitespace before the colon");
        }

        var rawValue = line[(nameEnd + 1)..];
        var valueStart = nameEnd + 1 + LeadingOws(rawValue);
        name = ..nameEnd;
        value = valueStart..(valueStart + HttpBytes.TrimOws(rawValue).Length);
        return FastPathVerdict.Accept;
    }

    /// <summary>The bytes of a well-formed line: Kestrel refuses what it cannot decode as ASCII names and UTF-8 values.</summary>
    public static FastPathVerdict CheckContent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0 || name.Contains((byte)0))
        {
            return FastPathVerdict.BadRequest("header name is not ASCII");
        }

        if (value.Contains((byte)0))
        {
            return FastPathVerdict.BadRequest("NUL in a header value");
        }

        if (value.IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0 && !Utf8.IsValid(value))
        {
            return FastPathVerdict.BadRequest("header value is not UTF-8");
        }

        if (name.IndexOfAnyExcept(HttpBytes.Token) >= 0)
        {
            return FastPathVerdict.FallBack("header name is not a token");
        }

        // RFC 9110 §5.5 allows no controls but HTAB; Kestrel takes them.
        return value.IndexOfAny(HttpBytes.ValueControls) >= 0 ? FastPathVerdict.FallBack("control byte in a header value") : FastPathVerdict.Accept;
    }

    private static int LeadingOws(ReadOnlySpan<byte> value)
    {
        var first = value.IndexOfAnyExcept(HttpBytes.Space, HttpBytes.Tab);
        return first < 0 ? value.Length : first;
    }
}
