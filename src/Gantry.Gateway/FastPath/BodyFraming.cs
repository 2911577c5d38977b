namespace Gantry.Gateway.FastPath;

/// <summary>How a request's body is delimited (RFC 9112 §6).</summary>
public enum BodyFraming
{
    /// <summary>No body: neither Content-Length nor Transfer-Encoding.</summary>
    None,

    ContentLength,

    Chunked,
}
