namespace Gantry.Gateway.Routing;

/// <summary>Host header parsing without allocating: the part that names the host, port and trailing dot removed.</summary>
internal static class HostName
{
    public static ReadOnlySpan<char> WithoutPort(ReadOnlySpan<char> host)
    {
        if (host.Length > 0 && host[0] == '[')
        {
            // IPv6 literal: the port, if any, follows the closing bracket.
            var close = host.IndexOf(']');
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.IndexOf(':');
        if (colon >= 0)
        {
            host = host[..colon];
        }

        // "app.example.com." names the same host as "app.example.com".
        return host.Length > 1 && host[^1] == '.' ? host[..^1] : host;
    }

    /// <summary>The form route hosts are stored in; lookups ignore case, so only shape is normalised.</summary>
    public static string Normalize(string host) => WithoutPort(host.AsSpan().Trim()).ToString().ToLowerInvariant();
}
