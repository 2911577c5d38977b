namespace Gantry.Gateway.FastPath;

/// <summary>
/// The request line (RFC 9112 §3) decided as Kestrel decides it: method token, one space, a request-target, spaces,
/// an 8-byte version and an optional CR. Only origin-form is for the fast path.
/// </summary>
internal static class RequestLineRules
{
    /// <param name="line">The line without its LF (a CR before the LF is still there).</param>
    public static FastPathVerdict Parse(ReadOnlySpan<byte> line, out RequestLine parsed)
    {
        parsed = default;
        var methodEnd = line.IndexOfAnyExcept(HttpBytes.Token);
        if (methodEnd <= 0 || line[methodEnd] != HttpBytes.Space)
        {
            return FastPathVerdict.BadRequest("invalid method");
        }

        var targetStart = methodEnd + 1;
        if (targetStart >= line.Length || line[targetStart] is HttpBytes.Space or (byte)'?' or (byte)'%')
        {
            return FastPathVerdict.BadRequest("empty request-target");
        }

        var targetLength = line[targetStart..].IndexOf(HttpBytes.Space);
        if (targetLength < 0)
        {
            return FastPathVerdict.BadRequest("no HTTP version");
        }

        var targetEnd = targetStart + targetLength;
        var versionStart = targetEnd + 1;
        var extraSpaces = line[versionStart..].IndexOfAnyExcept(HttpBytes.Space);
        versionStart += Math.Max(extraSpaces, 0);
        var version = VersionOf(line[versionStart..]);
        if (version.StatusCode != 0)
        {
            return version;
        }

        var method = line[..methodEnd];
        var target = line[targetStart..targetEnd];
        var form = TargetForm(method, target);
        if (form.Outcome != FastPathOutcome.Accept)
        {
            return form;
        }

        if (extraSpaces > 0)
        {
            // RFC 9112 allows one SP; Kestrel skips the rest. Leave such clients to it.
            return FastPathVerdict.FallBack("several spaces before the version");
        }

        if (method.SequenceEqual("CONNECT"u8))
        {
            return FastPathVerdict.FallBack("CONNECT");
        }

        var pathLength = target.IndexOf((byte)'?');
        parsed = new RequestLine(..methodEnd, targetStart..targetEnd, pathLength < 0 ? targetLength : pathLength, version.Reason == "1.1");
        return FastPathVerdict.Accept;
    }

    /// <summary>Exactly 8 bytes, then an optional CR: "HTTP/1.1" or "HTTP/1.0"; other versions get 505 like Kestrel.</summary>
    private static FastPathVerdict VersionOf(ReadOnlySpan<byte> rest)
    {
        if (rest.Length == 9 && rest[8] == HttpBytes.Cr)
        {
            rest = rest[..8];
        }
        else if (rest.Length != 8)
        {
            return FastPathVerdict.BadRequest("malformed HTTP version");
        }

        return rest.SequenceEqual("HTTP/1.1"u8) ? new FastPathVerdict(FastPathOutcome.Accept, 0, "1.1")
            : rest.SequenceEqual("HTTP/1.0"u8) ? new FastPathVerdict(FastPathOutcome.Accept, 0, "1.0")
            : FastPathVerdict.Reject(505, "unsupported HTTP version");
    }

    private static FastPathVerdict TargetForm(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target)
    {
        if (target[0] == (byte)'/')
        {
            return OriginForm(target);
        }

        if (target.SequenceEqual("*"u8))
        {
            return method.SequenceEqual("OPTIONS"u8) ? FastPathVerdict.FallBack("asterisk-form")
                : FastPathVerdict.Reject(405, "asterisk-form without OPTIONS");
        }

        if (target.StartsWith("http://"u8) || target.StartsWith("https://"u8))
        {
            return FastPathVerdict.FallBack("absolute-form");
        }

        // Kestrel takes anything else for authority-form, which only CONNECT may use.
        return target.IndexOfAnyExcept(HttpBytes.Authority) >= 0 ? FastPathVerdict.BadRequest("invalid request-target")
            : method.SequenceEqual("CONNECT"u8) ? FastPathVerdict.FallBack("authority-form")
            : FastPathVerdict.Reject(405, "authority-form without CONNECT");
    }

    private static FastPathVerdict OriginForm(ReadOnlySpan<byte> target)
    {
        if (target.IndexOfAnyInRange((byte)0x80, (byte)0xff) >= 0)
        {
            return FastPathVerdict.BadRequest("non-ASCII request-target");
        }

        if (target.IndexOfAnyExcept(HttpBytes.OriginForm) >= 0)
        {
            // Kestrel takes any other ASCII byte (controls, '#', '"', '{', ...); RFC 3986 does not.
            return FastPathVerdict.FallBack("request-target outside RFC 3986");
        }

        for (var i = target.IndexOf((byte)'%'); i >= 0; i = NextPercent(target, i))
        {
            if (i + 2 >= target.Length || !HttpBytes.IsHexDigit(target[i + 1]) || !HttpBytes.IsHexDigit(target[i + 2]))
            {
                return FastPathVerdict.FallBack("malformed percent-encoding");
            }
        }

        return FastPathVerdict.Accept;
    }

    private static int NextPercent(ReadOnlySpan<byte> target, int previous)
    {
        var next = target[(previous + 1)..].IndexOf((byte)'%');
        return next < 0 ? -1 : previous + 1 + next;
    }
}
