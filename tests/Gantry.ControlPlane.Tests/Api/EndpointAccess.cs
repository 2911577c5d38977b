namespace Gantry.ControlPlane.Tests.Api;

/// <summary>How an endpoint outside the bearer-token API is meant to be reached.</summary>
internal enum EndpointAccess
{
    /// <summary>A console page: [Authorize] with the console's cookie; without a session it redirects to sign-in (or 401 for a bearer token).</summary>
    ConsolePage,

    /// <summary>The gateways' configuration stream, reports and shared quota counts: the gateway token only (401 for anything else, the admin token included).</summary>
    GatewayToken,

    /// <summary>Verified by a signature made with a per-app secret (a repository's webhook): 401 for anything unsigned, tokens or not.</summary>
    Signed,

    /// <summary>Open to anyone by design; the exemption's reason says why that is safe.</summary>
    Anonymous,
}
