namespace Gantry.Gateway.FastPath;

/// <summary>A request line's parts, as ranges of the line it was parsed from.</summary>
internal readonly record struct RequestLine(Range Method, Range Target, int PathLength, bool IsHttp11);
