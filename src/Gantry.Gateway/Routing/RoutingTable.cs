using System.Collections.Concurrent;
using System.Diagnostics;
using Gantry.Gateway.Config;
using Gantry.Gateway.Metrics;
using Gantry.Gateway.Policies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Gateway.Routing;

/// <summary>
/// The gateway's routing state: the current <see cref="RoutingSnapshot"/>, swapped atomically on publish, and the
/// per-destination counters that outlive snapshots so removed instances can be drained before they are stopped.
/// </summary>
public sealed class RoutingTable
{
    // A retired destination's state is forgotten only once drained and long retired, so a drain wait that
    // starts late still finds it; keeping it forever would grow with every instance ever started.
    private static readonly long RetiredStateRetentionMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    private readonly ConcurrentDictionary<string, DestinationState> _states = new(StringComparer.Ordinal);
    private readonly Lock _publishGate = new();
    private readonly ILogger _logger;
    private readonly PolicyState? _policies;
    private RoutingSnapshot _current = RoutingSnapshot.Empty;

    public RoutingTable(ILogger<RoutingTable>? logger = null, PolicyState? policies = null)
    {
        _logger = logger ?? NullLogger<RoutingTable>.Instance;
        _policies = policies;
    }

    /// <summary>What route policies keep across publishes; null when the table enforces no policies (tests of routing alone).</summary>
    public PolicyState? Policies => _policies;

    /// <summary>Requests, errors and latency per route over the last hour.</summary>
    public RouteMetrics Metrics { get; } = new(TimeProvider.System);

    /// <summary>The snapshot requests are routed by; never mutated, replaced whole by <see cref="Publish"/>.</summary>
    public RoutingSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Builds a new frozen snapshot from <paramref name="routes"/> and swaps it in with one reference write.</summary>
    /// <exception cref="ArgumentException">A route or destination is malformed; the current snapshot stays in force.</exception>
    public void Publish(IEnumerable<RouteConfig> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);

        lock (_publishGate)
        {
            var live = new HashSet<DestinationState>();
            var snapshot = RoutingSnapshot.Build(_current.Generation + 1, routes, id =>
            {
                var state = _states.GetOrAdd(id, static key => new DestinationState(key));
                live.Add(state);
                return state;
            }, Metrics, _policies);

            var now = Environment.TickCount64;
            foreach (var state in _states.Values)
            {
                if (live.Contains(state))
                {
                    state.Revive();
                    continue;
                }

                state.Retire(now);
                if (state.InFlight == 0 && now - state.RetiredAt >= RetiredStateRetentionMs)
                {
                    _states.TryRemove(new KeyValuePair<string, DestinationState>(state.Id, state));
                }
            }

            // Retire flags are written before this full fence; a request increments its counter (also a full fence)
            // and then checks the flag, so either it backs off or a later drain wait sees its count.
            Interlocked.Exchange(ref _current, snapshot);
            GatewayLog.SnapshotPublished(_logger, snapshot.Generation, snapshot.Routes.Length, live.Count);
        }
    }

    /// <summary>Destinations no longer published that still have requests in flight (what a control plane waits on before stopping them).</summary>
    public IReadOnlyList<string> Draining() =>
        [.. _states.Values.Where(s => s.IsRetired && s.InFlight > 0).Select(s => s.Id).Order(StringComparer.Ordinal)];

    /// <summary>Requests currently being proxied to the destination, whether or not it is still published.</summary>
    public int GetInFlight(string destinationId) =>
        _states.TryGetValue(destinationId, out var state) ? state.InFlight : 0;

    /// <summary>False while the destination is skipped after a failed connection (passive health).</summary>
    public bool IsHealthy(string destinationId) =>
        !_states.TryGetValue(destinationId, out var state) || state.IsHealthy(Environment.TickCount64);

    /// <summary>
    /// Completes with true once no request is being proxied to the destination, false if that has not happened within
    /// <paramref name="timeout"/>. Meant for after a publish that removed the destination, before stopping it.
    /// </summary>
    public async Task<bool> WaitForDrainAsync(string destinationId, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationId);
        if (!_states.TryGetValue(destinationId, out var state))
        {
            return true;
        }

        var started = Stopwatch.GetTimestamp();
        while (state.InFlight > 0)
        {
            var drained = state.WhenDrainedAsync();
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                await drained.WaitAsync(ct);
                continue;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await drained.WaitAsync(remaining, ct);
            }
            catch (TimeoutException)
            {
                return state.InFlight == 0;
            }
        }

        return true;
    }
}
