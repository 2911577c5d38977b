namespace Gantry.ControlPlane.Store;

/// <summary>An API token, stored only as its SHA-256 hash.</summary>
public sealed class ApiTokenRecord
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
