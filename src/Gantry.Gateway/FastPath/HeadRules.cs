namespace Gantry.Gateway.FastPath;

/// <summary>The decisions Kestrel takes once a head is complete: the Host header, body framing (RFC 9112 §6.3) and keep-alive.</summary>
internal static class HeadRules
{
    public static FastPathVerdict Decide(RequestHead head, in HeadFacts facts, FastPathLimits limits)
    {
        var verdict = Judge(head, facts, limits);
        return verdict.Outcome == FastPathOutcome.Reject || facts.FallBack is null ? verdict : facts.FallBack.Value;
    }

    private static FastPathVerdict Judge(RequestHead head, in HeadFacts facts, FastPathLimits limits)
    {
        head.SetNotedFields(facts.HostCount == 1 ? facts.Host : null, facts.HasConnection);
        if (facts.HostCount == 0 && head.IsHttp11)
        {
            return FastPathVerdict.BadRequest("no Host header");
        }

        if (facts.HostCount > 1)
        {
            return FastPathVerdict.BadRequest("more than one Host header");
        }

        if (facts.HostCount == 1 && !HostRules.IsValid(head.ValueOf(facts.Host)))
        {
            return FastPathVerdict.BadRequest("invalid Host header");
        }

        head.KeepAlive = (head.IsHttp11 || facts.ConnectionKeepAlive) && !facts.ConnectionClose;
        head.ExpectContinue = facts.ExpectContinue;
        if (facts.TransferEncodingCount > 0)
        {
            return DecideTransferEncoding(head, facts);
        }

        if (facts.HasContentLength)
        {
            if (facts.ContentLength > limits.MaxRequestBodySize)
            {
                return FastPathVerdict.Reject(413, "Content-Length over the body size limit");
            }

            head.Framing = BodyFraming.ContentLength;
            head.ContentLength = facts.ContentLength;
            return FastPathVerdict.Accept;
        }

        if (!head.IsHttp11 && (head.Method.SequenceEqual("POST"u8) || head.Method.SequenceEqual("PUT"u8)))
        {
            // HTTP/1.0 has no chunked coding, so Kestrel answers 400 (length required) to a body it cannot delimit.
            return FastPathVerdict.BadRequest("HTTP/1.0 POST or PUT without Content-Length");
        }

        return FastPathVerdict.Accept;
    }

    private static FastPathVerdict DecideTransferEncoding(RequestHead head, in HeadFacts facts)
    {
        var last = ReadOnlySpan<byte>.Empty;
        var onlyChunked = facts.TransferEncodingCount == 1;
        foreach (var field in head.Fields)
        {
            if (HttpBytes.EqualsIgnoreCase(head.NameOf(field), "transfer-encoding"u8))
            {
                var value = head.ValueOf(field);
                last = FramingRules.LastCoding(value, last);
                onlyChunked &= HttpBytes.EqualsIgnoreCase(value, "chunked"u8);
            }
        }

        if (!HttpBytes.EqualsIgnoreCase(last, "chunked"u8))
        {
            // RFC 9112 §6.3: without chunked last the length cannot be known; 400 and close.
            return FastPathVerdict.BadRequest("chunked is not the final transfer coding");
        }

        if (!head.IsHttp11)
        {
            // RFC 9112 §6.1 calls this faulty framing; Kestrel decodes it. Rare enough to leave to it.
            return FastPathVerdict.FallBack("HTTP/1.0 with Transfer-Encoding");
        }

        if (!onlyChunked)
        {
            return FastPathVerdict.FallBack("Transfer-Encoding other than a single chunked");
        }

        head.Framing = BodyFraming.Chunked;
        if (facts.HasContentLength)
        {
            // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and the connection closes afterwards (Kestrel does).
            head.KeepAlive = false;
        }

        return FastPathVerdict.Accept;
    }
}
