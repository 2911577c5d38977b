namespace Gantry.Gateway.FastPath;

/// <summary>
/// Fields that describe one connection, not the message (RFC 9110 §7.6.1), plus those YARP also never forwards
/// (Proxy-*, Close, HTTP2-Settings, Upgrade): each side of the gateway has its own.
/// </summary>
internal static class HopByHop
{
    public static bool IsHopByHop(ReadOnlySpan<byte> name) =>
        HttpBytes.EqualsIgnoreCase(name, "connection"u8)
        || HttpBytes.EqualsIgnoreCase(name, "keep-alive"u8)
        || HttpBytes.EqualsIgnoreCase(name, "transfer-encoding"u8)
        || HttpBytes.EqualsIgnoreCase(name, "te"u8)
        || HttpBytes.EqualsIgnoreCase(name, "trailer"u8)
        || HttpBytes.EqualsIgnoreCase(name, "upgrade"u8)
        || HttpBytes.EqualsIgnoreCase(name, "close"u8)
        || HttpBytes.EqualsIgnoreCase(name, "http2-settings"u8)
        || HttpBytes.StartsWithIgnoreCase(name, "proxy-"u8);
}
