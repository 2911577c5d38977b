using Gantry.Gateway.Routing;

namespace Gantry.ControlPlane.DataPlane;

/// <summary>
/// Waits, before an instance is stopped, until no gateway sends it anything: the gateway in this process (its own
/// in-flight count) and every gateway following the stream (their reports: the snapshot without the instance applied,
/// nothing left in flight to it). Both waits run side by side, each bounded by the rollout's drain timeout.
/// </summary>
public sealed class GatewayDrains(RoutingTable? local, GatewayConfigSource source, ConnectedGateways gateways)
{
    /// <summary>How long a release waits for connected gateways to serve it before it is called live anyway.</summary>
    public static readonly TimeSpan ServedTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits until every connected gateway serves the current snapshot (or <see cref="ServedTimeout"/> passed): a
    /// release is called live once traffic reaches it everywhere, not only in this process.
    /// </summary>
    public Task<bool> ServedEverywhereAsync(CancellationToken ct) =>
        gateways.WaitForVersionAsync(source.Current.Version, ServedTimeout, ct);

    /// <summary>True once drained everywhere; false when a gateway still had requests in flight at the timeout.</summary>
    public async Task<bool> WaitAsync(string destinationId, TimeSpan timeout, CancellationToken ct)
    {
        // The snapshot that no longer routes to the destination was made before the caller asks to drain it.
        var withoutIt = source.Current.Version;
        var drained = await Task.WhenAll(
            local?.WaitForDrainAsync(destinationId, timeout, ct) ?? Task.FromResult(true),
            gateways.WaitForDrainAsync(destinationId, withoutIt, timeout, ct));
        return drained.All(d => d);
    }
}
