namespace Gantry.ControlPlane.Store;

/// <summary>A user's own role on one app, beside (never instead of) what their platform role and teams give them.</summary>
public sealed class AppMemberRecord : IRoleRecord
{
    public required string App { get; set; }

    public required string User { get; set; }

    public required string Role { get; set; }
}
