using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Security;

/// <summary>What a valid token grants: its role, on one app or (null) on every app and the platform, until it expires.</summary>
public sealed record TokenGrant(string Name, Role Role, string? App, DateTimeOffset? ExpiresAt)
{
    public bool ExpiredAt(DateTimeOffset now) => ExpiresAt is { } at && at <= now;

    /// <summary>How the grant reads in a refusal: "a deployer token for app 'shop'".</summary>
    public string Describe() => (Role is Role.Admin or Role.Owner ? "an " : "a ") + Roles.Name(Role) + " token" + (App is null ? "" : $" for app '{App}'");
}
