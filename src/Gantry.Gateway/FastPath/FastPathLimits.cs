namespace Gantry.Gateway.FastPath;

/// <summary>
/// The limits the parser enforces. The defaults are Kestrel's (KestrelServerLimits), so that the fast path refuses
/// exactly what Kestrel would; a gateway that changes Kestrel's limits passes the same values here.
/// </summary>
public sealed record FastPathLimits
{
    public static FastPathLimits Kestrel { get; } = new();

    /// <summary>The request line including its line feed; beyond it Kestrel answers 414.</summary>
    public int MaxRequestLineSize { get; init; } = 8 * 1024;

    /// <summary>Header (and trailer) bytes after the request line; beyond it Kestrel answers 431.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = 32 * 1024;

    public int MaxRequestHeaderCount { get; init; } = 100;

    /// <summary>Body bytes as framed on the wire (chunk framing included, as Kestrel counts them); beyond it 413.</summary>
    public long MaxRequestBodySize { get; init; } = 30_000_000;
}
