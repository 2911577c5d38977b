namespace Gantry.Gateway.Routing;

/// <summary>The routes of one host, longest prefix first, so the first match is the most specific one.</summary>
internal sealed class HostRoutes(CompiledRoute[] byLongestPrefix)
{
    public CompiledRoute[] Routes { get; } = byLongestPrefix;

    public CompiledRoute? Match(ReadOnlySpan<char> path)
    {
        foreach (var route in Routes)
        {
            if (route.Matches(path))
            {
                return route;
            }
        }

        return null;
    }
}
