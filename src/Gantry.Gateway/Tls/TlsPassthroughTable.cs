using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;

namespace Gantry.Gateway.Tls;

/// <summary>
/// Hosts whose apps terminate TLS themselves: connections naming them (SNI) are piped, still encrypted, to one of the
/// app's instances. Replaced whole in one reference write.
/// </summary>
public sealed class TlsPassthroughTable
{
    private FrozenDictionary<string, ImmutableArray<IPEndPoint>> _byHost = FrozenDictionary<string, ImmutableArray<IPEndPoint>>.Empty;
    private int _next;

    public bool IsEmpty => Volatile.Read(ref _byHost).Count == 0;

    public IReadOnlyCollection<string> Hosts => Volatile.Read(ref _byHost).Keys;

    public void Replace(IEnumerable<KeyValuePair<string, ImmutableArray<IPEndPoint>>> routes) =>
        Volatile.Write(ref _byHost, routes.ToFrozenDictionary(r => r.Key.ToLowerInvariant(), r => r.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the host is passed through (even with no instance ready: then the connection is closed).</summary>
    public bool Contains(string host) => Volatile.Read(ref _byHost).ContainsKey(host);

    /// <summary>An instance for the host, in turn; null when the host is not passed through or has none ready.</summary>
    public IPEndPoint? Pick(string host)
    {
        if (!Volatile.Read(ref _byHost).TryGetValue(host, out var endpoints) || endpoints.IsEmpty)
        {
            return null;
        }

        return endpoints[(int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Length)];
    }
}
