using System.Collections.Immutable;
using System.Net;

namespace Gantry.Gateway.Policies;

/// <summary>IP allow and deny lists of a route: a denied address is refused first; with an allow list, only it may call.</summary>
internal sealed class IpRules
{
    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;

    private IpRules(IPNetwork[] allow, IPNetwork[] deny)
    {
        _allow = allow;
        _deny = deny;
    }

    public static IpRules? Create(ImmutableArray<string> allow, ImmutableArray<string> deny) =>
        allow.IsDefaultOrEmpty && deny.IsDefaultOrEmpty ? null : new IpRules(Parse(allow), Parse(deny));

    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return _allow.Length == 0;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _deny)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }

        if (_allow.Length == 0)
        {
            return true;
        }

        foreach (var network in _allow)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPNetwork[] Parse(ImmutableArray<string> items) =>
        items.IsDefaultOrEmpty ? [] : [.. items.Select(text => text.Contains('/')
            ? IPNetwork.Parse(text)
            : new IPNetwork(IPAddress.Parse(text), IPAddress.Parse(text).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))];
}
