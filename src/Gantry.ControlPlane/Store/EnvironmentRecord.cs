namespace Gantry.ControlPlane.Store;

/// <summary>A named stage (dev, staging, prod…) mapped to a target: <c>local</c> (this machine) or a registered target.</summary>
public sealed class EnvironmentRecord
{
    /// <summary>The name <c>local</c> is this machine and is never stored.</summary>
    public const string Local = "local";

    public required string Name { get; set; }

    public required string Target { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
