namespace Gantry.Gateway.Routing;

/// <summary>A destination as one snapshot sees it: the shared state plus the address that snapshot published.</summary>
internal sealed class RouteDestination(DestinationState state, string address)
{
    public DestinationState State { get; } = state;

    /// <summary>The destination prefix handed to the forwarder, without a trailing slash.</summary>
    public string Address { get; } = address;
}
