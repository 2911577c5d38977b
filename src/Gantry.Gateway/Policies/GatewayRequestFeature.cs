namespace Gantry.Gateway.Policies;

/// <summary>What the policies established about a request, for the forwarding step and the access log.</summary>
internal sealed class GatewayRequestFeature
{
    public RequestIdentity? Identity { get; set; }

    public string? Client { get; set; }

    /// <summary>Set when a route counts body bytes (bandwidth limits), so the log reports real sizes.</summary>
    public CountingStream? RequestBody { get; set; }

    public CountingStream? ResponseBody { get; set; }
}
