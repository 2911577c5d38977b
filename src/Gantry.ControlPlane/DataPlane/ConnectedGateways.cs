using System.Collections.Concurrent;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// The gateways this control plane feeds: which follow the stream now, the last report of each (the version it
/// applied, ready or not, what it refused, its counters) and when it last made contact. Kept in memory: a gateway
/// reconnects and reports within seconds of a control-plane restart.
/// </summary>
public sealed class ConnectedGateways(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _gateways = new(StringComparer.Ordinal);

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Marks <paramref name="name"/> as following the stream until the returned handle is disposed.</summary>
    public IDisposable Follow(string name, string? address)
    {
        var entry = Touch(name, address);
        Interlocked.Increment(ref entry.Streams);
        return new Following(this, entry);
    }

    public void Report(GatewayReport report, string? address) => Touch(report.Gateway, address).LastReport = report;

    /// <summary>Every gateway seen since this control plane started, by name.</summary>
    public IReadOnlyList<GatewayState> List() =>
        [.. _gateways.Values.Select(e => new GatewayState(e.Name, Volatile.Read(ref e.Streams) > 0, e.Address, e.LastContact, e.LastReport)).OrderBy(g => g.Name, StringComparer.Ordinal)];

    private Entry Touch(string name, string? address)
    {
        var entry = _gateways.GetOrAdd(name, n => new Entry(n));
        entry.Address = address ?? entry.Address;
        entry.LastContact = Now;
        return entry;
    }

    private sealed class Entry(string name)
    {
        public readonly string Name = name;
        public int Streams;

        public string? Address { get; set; }

        public DateTimeOffset LastContact { get; set; }

        public GatewayReport? LastReport { get; set; }
    }

    private sealed class Following(ConnectedGateways owner, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref entry.Streams);
                entry.LastContact = owner.Now;
            }
        }
    }
}
