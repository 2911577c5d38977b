namespace Gantry.ControlPlane.Store;

/// <summary>An app uses a resource (under a name in one of its workloads): what deleting the app may remove.</summary>
public sealed class AppResourceRecord
{
    public required string App { get; set; }

    public required string Key { get; set; }

    /// <summary>How the app's workloads name it (<c>web:db</c>, comma-separated).</summary>
    public required string Names { get; set; }
}
