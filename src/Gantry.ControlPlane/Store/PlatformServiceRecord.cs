namespace Gantry.ControlPlane.Store;

/// <summary>A platform server (one per resource type and class: <c>postgres-default</c>) that holds apps' resources.</summary>
public sealed class PlatformServiceRecord
{
    /// <summary><c>TYPE-CLASS</c>: its folder under DATA/services and its name everywhere.</summary>
    public required string Name { get; set; }

    public required string Type { get; set; }

    public required string Class { get; set; }

    /// <summary>Where it listens on 127.0.0.1 (process runtime), chosen once and kept: apps' releases carry it.</summary>
    public int Port { get; set; }

    /// <summary>Its generated values (an admin password…) as JSON, sealed with data protection.</summary>
    public required string SealedValues { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
