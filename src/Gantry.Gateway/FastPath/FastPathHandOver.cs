using Gantry.Gateway.Policies;
using Gantry.Gateway.Routing;

namespace Gantry.Gateway.FastPath;

/// <summary>
/// A connection feature: what the fast path did for the request it then handed to the framework path (which gets
/// that request next) — a destination it could not connect to, which counts as the first attempt, and the route's
/// admission, so the request is not counted against the client's limit twice.
/// </summary>
internal sealed class FastPathHandOver
{
    private HandedOver? _request;

    public void RecordFailedAttempt(DestinationState destination) =>
        Volatile.Write(ref _request, (Volatile.Read(ref _request) ?? new HandedOver()) with { FailedDestination = destination });

    public void RecordAdmission(CompiledRoutePolicy policy, in HeadAdmission admission) =>
        Volatile.Write(ref _request, (Volatile.Read(ref _request) ?? new HandedOver()) with { Policy = policy, Admission = admission });

    /// <summary>What was recorded, once: only the request that was handed over finds it.</summary>
    public HandedOver? Take() => Interlocked.Exchange(ref _request, null);

    /// <param name="Policy">The policy that admitted the request (null: none did); its admission holds for that policy only.</param>
    internal sealed record HandedOver(DestinationState? FailedDestination = null, CompiledRoutePolicy? Policy = null, HeadAdmission Admission = default);
}
