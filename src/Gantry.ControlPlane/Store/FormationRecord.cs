namespace Gantry.ControlPlane.Store;

/// <summary>How many instances of a workload should run; kept across releases, like a Heroku formation.</summary>
public sealed class FormationRecord
{
    public required string App { get; set; }

    public required string Workload { get; set; }

    public int Replicas { get; set; }
}
