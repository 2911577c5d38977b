namespace Gantry.Gateway.FastPath;

/// <summary>What one <see cref="ChunkedBodyDecoder.Read"/> produced.</summary>
public enum ChunkedBodyStatus
{
    /// <summary>Decoded body bytes; call again with the input after them.</summary>
    Data,

    /// <summary>The framing so far is valid; more input is needed.</summary>
    NeedMoreData,

    /// <summary>The last chunk and the trailer section were read; the next request starts after them.</summary>
    Completed,

    /// <summary>Malformed framing or a limit: see <see cref="ChunkedBodyDecoder.Rejection"/>.</summary>
    Rejected,
}
