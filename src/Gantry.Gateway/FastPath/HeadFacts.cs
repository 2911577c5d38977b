namespace Gantry.Gateway.FastPath;

/// <summary>What the header fields seen so far say about framing, the host and the connection.</summary>
internal struct HeadFacts
{
    public int FieldCount;
    public int HostCount;
    public HeaderField Host;
    public bool HasContentLength;
    public long ContentLength;
    public int TransferEncodingCount;
    public bool HasConnection;
    public bool ConnectionClose;
    public bool ConnectionKeepAlive;
    public bool ExpectContinue;

    /// <summary>
    /// Why the request goes to Kestrel, decided only once the head is complete: a rejection Kestrel would give later
    /// in the head still wins, so the fast path refuses every request it can tell Kestrel refuses.
    /// </summary>
    public FastPathVerdict? FallBack;

    public void DeferFallBack(FastPathVerdict verdict) => FallBack ??= verdict;

    /// <summary>Notes one field; refuses what Kestrel refuses while it reads headers (a second or malformed Content-Length).</summary>
    public FastPathVerdict Note(RequestHead head, HeaderField field)
    {
        var name = head.NameOf(field);
        var value = head.ValueOf(field);
        if (HttpBytes.EqualsIgnoreCase(name, "host"u8))
        {
            Host = field;
            HostCount++;
        }
        else if (HttpBytes.EqualsIgnoreCase(name, "content-length"u8))
        {
            if (HasContentLength)
            {
                // Kestrel refuses a second Content-Length even with the same value (RFC 9110 §8.6 allows either).
                return FastPathVerdict.BadRequest("more than one Content-Length");
            }

            HasContentLength = true;
            var verdict = FramingRules.ParseContentLength(value, out ContentLength);
            if (verdict.Outcome != FastPathOutcome.FallBack)
            {
                return verdict;
            }

            DeferFallBack(verdict);
        }
        else if (HttpBytes.EqualsIgnoreCase(name, "transfer-encoding"u8))
        {
            TransferEncodingCount++;
        }
        else if (HttpBytes.EqualsIgnoreCase(name, "connection"u8))
        {
            // Both change how Kestrel frames the rest, so they go to it at once.
            if (!ConnectionOptions.IsPlainList(value))
            {
                return FastPathVerdict.FallBack("Connection is not a plain token list");
            }

            if (ConnectionOptions.Lists(value, "upgrade"u8))
            {
                return FastPathVerdict.FallBack("Connection: upgrade");
            }

            HasConnection = true;
            ConnectionClose |= ConnectionOptions.Lists(value, "close"u8);
            ConnectionKeepAlive |= ConnectionOptions.Lists(value, "keep-alive"u8);
        }
        else if (HttpBytes.EqualsIgnoreCase(name, "upgrade"u8))
        {
            // Without "Connection: upgrade" Kestrel serves it as a plain request; a proxy must not forward it blindly.
            DeferFallBack(FastPathVerdict.FallBack("Upgrade"));
        }
        else if (HttpBytes.EqualsIgnoreCase(name, "expect"u8))
        {
            // Kestrel ignores other expectations rather than answering 417.
            ExpectContinue |= HttpBytes.EqualsIgnoreCase(value, "100-continue"u8);
        }

        return FastPathVerdict.Accept;
    }
}
