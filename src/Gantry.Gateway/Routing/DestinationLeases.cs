using Gantry.Gateway.Balancing;

namespace Gantry.Gateway.Routing;

/// <summary>Picks a route's destination and counts the request on it (both forwarding paths lease this way).</summary>
internal static class DestinationLeases
{
    // Bounds the back-off loop when publishes keep retiring the destination just picked; after that the
    // request goes ahead with what it has (it is counted, so a drain wait that starts later still sees it).
    private const int MaxRetiredPicks = 8;

    /// <summary>Null when the route has nowhere to go; <paramref name="route"/> may be re-resolved by a newer snapshot.</summary>
    public static RouteDestination? Lease(RoutingTable table, ref CompiledRoute? route, ReadOnlySpan<char> host, ReadOnlySpan<char> path, List<DestinationState>? tried)
    {
        var now = Environment.TickCount64;
        for (var picks = 1; ; picks++)
        {
            if (route is null || route.Destinations.Length == 0)
            {
                return null;
            }

            var chosen = PowerOfTwoChoices.Select(route.Destinations, now, tried);
            chosen.State.Enter();
            if (!chosen.State.IsRetired || picks == MaxRetiredPicks)
            {
                return chosen;
            }

            // A publish removed it between our snapshot read and the increment, so a drain wait may already have
            // seen zero and the instance may be stopping: give the count back and route by the newer snapshot.
            chosen.State.Exit();
            route = table.Current.Match(HostName.WithoutPort(host), path);
        }
    }
}
