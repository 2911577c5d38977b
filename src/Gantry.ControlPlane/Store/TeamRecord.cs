namespace Gantry.ControlPlane.Store;

/// <summary>A team: it owns apps (<see cref="AppRecord.Team"/>), and its members' roles apply to those apps.</summary>
public sealed class TeamRecord
{
    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}
