namespace Gantry.ControlPlane.Store;

/// <summary>A stored role of one user somewhere (in a team, on an app): what <c>UserDirectory</c> sets the same way for each.</summary>
public interface IRoleRecord
{
    string Role { get; set; }
}
