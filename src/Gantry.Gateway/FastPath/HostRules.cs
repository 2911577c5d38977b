using System.Buffers;

namespace Gantry.Gateway.FastPath;

/// <summary>The Host header value as Kestrel validates it: reg-name or [IPv6] with an optional ":digits" port; empty is allowed.</summary>
internal static class HostRules
{
    private static readonly SearchValues<byte> Ipv6Bytes = SearchValues.Create("0123456789abcdefABCDEF:."u8);

    public static bool IsValid(ReadOnlySpan<byte> host)
    {
        if (host.IsEmpty)
        {
            return true;
        }

        if (host[0] == (byte)'[')
        {
            var close = host.IndexOf((byte)']');
            // "[::1]" is the shortest IPv6 literal Kestrel takes.
            return close >= 4 && host[1..close].IndexOfAnyExcept(Ipv6Bytes) < 0 && IsPort(host[(close + 1)..]);
        }

        if (host[0] == HttpBytes.Colon)
        {
            return false;
        }

        var end = host.IndexOfAnyExcept(HttpBytes.Host);
        return end < 0 || IsPort(host[end..]);
    }

    /// <summary>Nothing, or ':' and at least one digit.</summary>
    private static bool IsPort(ReadOnlySpan<byte> rest)
        => rest.IsEmpty || (rest[0] == HttpBytes.Colon && rest.Length > 1 && rest[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0);
}
