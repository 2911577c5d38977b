namespace Gantry.Gateway.Config;

/// <summary>
/// One request a gateway counts against the day and total quota a client shares across gateways
/// (<c>POST /gateway/v1/quota</c>): the control plane counts it in its own gateway's counters and answers.
/// </summary>
/// <param name="Route">The route's quota key, <c>APP/ROUTE-NAME</c> (<c>APP/HOST/PREFIX</c> for a route without a name).</param>
/// <param name="Client">The client as the route's rate limit identifies it: <c>key:ID</c>, <c>sub:SUBJECT</c> or <c>ip:ADDRESS</c>.</param>
public sealed record SharedQuotaRequest(string Route, string Client)
{
    /// <summary>The role of the tier whose quota applies to the caller; null: the route's default quota.</summary>
    public string? Tier { get; init; }
}
