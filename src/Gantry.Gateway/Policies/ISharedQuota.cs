using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// Where a gateway counts the day and total quotas it shares with other gateways (the control plane, for a gateway that
/// follows one). Second and minute windows stay per gateway. Without one (<see cref="PolicyState.SharedQuota"/> null)
/// a gateway counts every window alone.
/// </summary>
public interface ISharedQuota
{
    /// <summary>Counts one request; throws (or does not answer in time) when the shared counts cannot be reached.</summary>
    ValueTask<SharedQuotaAnswer> CountAsync(SharedQuotaRequest request, CancellationToken cancellationToken);
}
