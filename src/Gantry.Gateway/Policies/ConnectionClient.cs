using System.Net;
using System.Text;

namespace Gantry.Gateway.Policies;

/// <summary>
/// The client at the other end of one connection, formatted once for every request it sends: its address as the
/// gateway reports it, the key it is counted by when it has no credentials, and its anonymous identity.
/// </summary>
internal sealed class ConnectionClient
{
    private AnonymousIdentity? _anonymous;

    public ConnectionClient(IPAddress? remote)
    {
        Remote = remote;
        Address = Format(remote);
        AddressBytes = Encoding.ASCII.GetBytes(Address);
        AddressKey = $"ip:{Address}";
    }

    public IPAddress? Remote { get; }

    /// <summary>The address without the IPv4-in-IPv6 wrapping Kestrel may give it, or <c>unknown</c>.</summary>
    public string Address { get; }

    public byte[] AddressBytes { get; }

    /// <summary><c>ip:ADDRESS</c>: what a client without credentials is counted and blocked by.</summary>
    public string AddressKey { get; }

    /// <summary>Who the client is on a route that lets anonymous callers in, with the headers the app gets for it.</summary>
    public AnonymousIdentity Anonymous => _anonymous ??= new AnonymousIdentity(new RequestIdentity("anonymous", null, null, [], [], AddressKey));

    public static string Format(IPAddress? remote) =>
        remote is null ? "unknown" : (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();

    /// <summary>An anonymous identity and its forwarded header lines, made once per connection.</summary>
    internal sealed class AnonymousIdentity(RequestIdentity identity)
    {
        public RequestIdentity Identity { get; } = identity;

        public byte[]? Lines { get; } = IdentityHeaders.Lines(identity);
    }
}
