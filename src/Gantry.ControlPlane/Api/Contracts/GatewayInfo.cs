namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>
/// A gateway the control plane feeds (<c>GET /gateways</c>): whether it follows the stream now, the snapshot version
/// it serves and how many versions it is behind, when it last made contact, and what it last said.
/// </summary>
/// <param name="Version">The snapshot it reported serving; 0 before its first report.</param>
/// <param name="Lag">How many versions it is behind the current one (0: up to date).</param>
/// <param name="Problem">Why it refused the last snapshot it was sent; null when it did not.</param>
public sealed record GatewayInfo(
    string Name,
    bool Connected,
    long Version,
    long Lag,
    bool Ready,
    DateTimeOffset LastContact,
    string? Address,
    string? Listen,
    int? Pid,
    DateTimeOffset? StartedAt,
    long Requests,
    long Errors,
    string? Problem);
