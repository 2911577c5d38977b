using Gantry.Gateway.Routing;

namespace Gantry.Gateway.Balancing;

/// <summary>
/// Picks two random candidates and keeps the one with fewer requests in flight. Candidates are, in order of
/// preference: healthy and not yet tried by this request; not yet tried; any. Allocation-free.
/// </summary>
internal static class PowerOfTwoChoices
{
    private enum Tier
    {
        HealthyUntried,
        Untried,
        Any,
    }

    public static RouteDestination Select(RouteDestination[] destinations, long nowMs, List<DestinationState>? tried)
    {
        if (destinations.Length == 1)
        {
            return destinations[0];
        }

        for (var tier = Tier.HealthyUntried; tier < Tier.Any; tier++)
        {
            var count = Count(destinations, tier, nowMs, tried);
            if (count > 0)
            {
                return Pick(destinations, tier, nowMs, tried, count);
            }
        }

        return Pick(destinations, Tier.Any, nowMs, tried, destinations.Length);
    }

    private static RouteDestination Pick(RouteDestination[] destinations, Tier tier, long nowMs, List<DestinationState>? tried, int count)
    {
        if (count == 1)
        {
            return Nth(destinations, tier, nowMs, tried, 0);
        }

        var first = Random.Shared.Next(count);
        var second = Random.Shared.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = Nth(destinations, tier, nowMs, tried, first);
        var b = Nth(destinations, tier, nowMs, tried, second);
        return b.State.InFlight < a.State.InFlight ? b : a;
    }

    private static int Count(RouteDestination[] destinations, Tier tier, long nowMs, List<DestinationState>? tried)
    {
        var count = 0;
        foreach (var destination in destinations)
        {
            if (IsCandidate(destination.State, tier, nowMs, tried))
            {
                count++;
            }
        }

        return count;
    }

    private static RouteDestination Nth(RouteDestination[] destinations, Tier tier, long nowMs, List<DestinationState>? tried, int index)
    {
        foreach (var destination in destinations)
        {
            if (IsCandidate(destination.State, tier, nowMs, tried) && index-- == 0)
            {
                return destination;
            }
        }

        throw new InvalidOperationException("Candidate index out of range.");
    }

    private static bool IsCandidate(DestinationState state, Tier tier, long nowMs, List<DestinationState>? tried) => tier switch
    {
        Tier.HealthyUntried => state.IsHealthy(nowMs) && (tried is null || !tried.Contains(state)),
        Tier.Untried => tried is null || !tried.Contains(state),
        _ => true,
    };
}
