using System.Collections.Concurrent;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// The gateways this control plane feeds: which follow the stream now, the last report of each (the version it
/// applied, ready or not, what it refused, what it still drains, its counters) and when it last made contact. Kept in
/// memory: a gateway reconnects and reports within seconds of a control-plane restart. Waits for acknowledgements
/// and drains ask only the gateways connected now: one that is gone receives nothing new and is not waited for.
/// </summary>
public sealed class ConnectedGateways(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _gateways = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Marks <paramref name="name"/> as following the stream until the returned handle is disposed.</summary>
    public IDisposable Follow(string name, string? address)
    {
        var entry = Touch(name, address);
        Interlocked.Increment(ref entry.Streams);
        return new Following(this, entry);
    }

    public void Report(GatewayReport report, string? address)
    {
        Touch(report.Gateway, address).LastReport = report;
        Signal();
    }

    /// <summary>Every gateway seen since this control plane started, by name.</summary>
    public IReadOnlyList<GatewayState> List() =>
        [.. _gateways.Values.Select(e => new GatewayState(e.Name, e.IsConnected, e.Address, e.LastContact, e.LastReport)).OrderBy(g => g.Name, StringComparer.Ordinal)];

    /// <summary>True once every connected gateway reported serving <paramref name="version"/> or newer; false at the timeout.</summary>
    public Task<bool> WaitForVersionAsync(long version, TimeSpan timeout, CancellationToken ct) =>
        WaitAsync(report => report.Version >= version, timeout, ct);

    /// <summary>
    /// True once every connected gateway applied <paramref name="version"/> (one without <paramref name="destinationId"/>)
    /// or newer and has no request left in flight to it; false at the timeout.
    /// </summary>
    public Task<bool> WaitForDrainAsync(string destinationId, long version, TimeSpan timeout, CancellationToken ct) =>
        WaitAsync(report => report.Version >= version && !report.Draining.Contains(destinationId), timeout, ct);

    private async Task<bool> WaitAsync(Func<GatewayReport, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Now + timeout;
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (_gateways.Values.All(e => !e.IsConnected || (e.LastReport is { } report && done(report))))
            {
                return true;
            }

            var left = deadline - Now;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(left, time, ct);
            }
            catch (TimeoutException)
            {
                // Looked at once more above, then false.
            }
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

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

        public bool IsConnected => Volatile.Read(ref Streams) > 0;

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

                // A gateway gone is no longer waited for.
                owner.Signal();
            }
        }
    }
}
