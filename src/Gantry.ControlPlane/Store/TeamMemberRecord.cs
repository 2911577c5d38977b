namespace Gantry.ControlPlane.Store;

/// <summary>A user's role in a team: on the apps the team owns.</summary>
public sealed class TeamMemberRecord : IRoleRecord
{
    public required string Team { get; set; }

    public required string User { get; set; }

    public required string Role { get; set; }
}
