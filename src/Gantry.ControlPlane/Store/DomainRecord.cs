namespace Gantry.ControlPlane.Store;

/// <summary>A custom domain of an app: requests for <c>Host</c> are routed like those for <c>Target</c>, one of the app's own hosts.</summary>
public sealed class DomainRecord
{
    public required string Host { get; set; }

    public required string App { get; set; }

    public required string Target { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
