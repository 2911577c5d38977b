using Gantry.Gateway.Routing;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// A connection feature: the fast path could not connect to this destination and handed the request to the
/// framework path, which counts it as the first attempt (so a request is tried MaxAttempts times in all).
/// </summary>
internal sealed class FastPathFailedAttempt
{
    private DestinationState? _destination;

    public void Record(DestinationState destination) => Volatile.Write(ref _destination, destination);

    /// <summary>The failed destination, once: only the request that was handed over counts it.</summary>
    public DestinationState? Take() => Interlocked.Exchange(ref _destination, null);
}
