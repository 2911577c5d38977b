using System.Net;
using System.Net.Sockets;

namespace Gantry.Gateway.Config;

/// <summary>
/// Where a JWKS URL may lead: https only (plain http only to a loopback host), and never to a loopback, private or
/// link-local address unless the platform allows it. Checked on the URL when an app loads and on every address a host
/// resolves to when the gateway connects, so a URL cannot be turned against the machine or its network.
/// </summary>
/// <param name="AllowLoopback">Loopback targets (127.0.0.0/8, ::1, localhost), and plain http to them.</param>
/// <param name="AllowPrivateNetworks">Private (RFC 1918, 100.64.0.0/10, fc00::/7) and link-local (169.254.0.0/16, fe80::/10) targets.</param>
public sealed record JwksFetchPolicy(bool AllowLoopback = false, bool AllowPrivateNetworks = false)
{
    private const string LoopbackSwitch = "the platform allows loopback (gantry up --jwks-allow-loopback)";
    private const string PrivateSwitch = "the platform allows private networks (gantry up --jwks-allow-private)";

    /// <summary>The default: public https addresses only.</summary>
    public static JwksFetchPolicy Strict { get; } = new();

    /// <summary>
    /// Every address allowed: what a check that does not know the platform's settings (the CLI before an upload) can
    /// still refuse is what no platform accepts, plain http to a remote host.
    /// </summary>
    public static JwksFetchPolicy AnyAddress { get; } = new(AllowLoopback: true, AllowPrivateNetworks: true);

    /// <summary>Null when the URL may be fetched as far as can be told without the network; otherwise why not.</summary>
    public string? CheckUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"'{text}' is not an absolute https URL";
        }

        var host = uri.IdnHost.Trim('[', ']');
        var literal = IPAddress.TryParse(host, out var address) ? address : null;
        // The address first: 'http://169.254.169.254/' is refused for where it leads, whatever the scheme.
        if (literal is not null && CheckAddress(literal) is { } refused)
        {
            return refused;
        }

        var loopback = IsLoopbackName(host) || (literal is not null && Classify(literal) == AddressKind.Loopback);
        if (loopback && !AllowLoopback)
        {
            return $"'{host}' is this machine (loopback); a key set is fetched from it only when {LoopbackSwitch}";
        }

        return uri.Scheme == Uri.UriSchemeHttp && !loopback
            ? $"'{text}' uses plain http: a key set must be fetched over https (plain http is accepted only for a loopback host, when {LoopbackSwitch})"
            : null;
    }

    /// <summary>Null when the gateway may connect to the address; otherwise why not, naming the host it was resolved from.</summary>
    public string? CheckAddress(IPAddress address, string? resolvedFrom = null)
    {
        var classified = Classify(address);
        var (kind, allowed, needs) = classified switch
        {
            AddressKind.Loopback => ("a loopback address (this machine)", AllowLoopback, LoopbackSwitch),
            AddressKind.Private => ("a private network address", AllowPrivateNetworks, PrivateSwitch),
            AddressKind.LinkLocal => (IsMetadataService(address) ? "a link-local address (the cloud metadata service)" : "a link-local address", AllowPrivateNetworks, PrivateSwitch),
            AddressKind.ThisHost => ("an unspecified address (it reaches this machine)", AllowLoopback && AllowPrivateNetworks, "the platform allows both loopback and private networks"),
            _ => ("", true, ""),
        };
        if (allowed)
        {
            return null;
        }

        var what = resolvedFrom is null ? $"{address} is {kind}" : $"'{resolvedFrom}' resolves to {address}, {kind}";
        return $"{what}; a key set is fetched from there only when {needs}";
    }

    /// <summary><c>localhost</c> and names under it resolve to this machine (RFC 6761).</summary>
    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.Equals("localhost.", StringComparison.OrdinalIgnoreCase);

    private static bool IsMetadataService(IPAddress address) => Unwrap(address).Equals(IPAddress.Parse("169.254.169.254"));

    private static AddressKind Classify(IPAddress address)
    {
        address = Unwrap(address);
        if (IPAddress.IsLoopback(address))
        {
            return AddressKind.Loopback;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return (b[0], b[1]) switch
            {
                (0, _) => AddressKind.ThisHost,
                (10, _) => AddressKind.Private,
                (172, >= 16 and <= 31) => AddressKind.Private,
                (192, 168) => AddressKind.Private,
                (100, >= 64 and <= 127) => AddressKind.Private,
                (169, 254) => AddressKind.LinkLocal,
                _ => AddressKind.Public,
            };
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return AddressKind.ThisHost;
        }

        return b[0] switch
        {
            0xFC or 0xFD => AddressKind.Private, // unique local, fc00::/7
            0xFE when (b[1] & 0xC0) == 0x80 => AddressKind.LinkLocal, // fe80::/10
            0xFE when (b[1] & 0xC0) == 0xC0 => AddressKind.Private, // site-local fec0::/10, deprecated but routable inside
            _ => AddressKind.Public,
        };
    }

    /// <summary>An IPv4 address carried in IPv6 (mapped ::ffff:a.b.c.d, or NAT64 64:ff9b::a.b.c.d) is judged as the IPv4 address it reaches.</summary>
    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
            {
                return new IPAddress(b[12..]);
            }
        }

        return address;
    }

    private enum AddressKind
    {
        Public,
        Loopback,
        Private,
        LinkLocal,
        ThisHost,
    }
}
