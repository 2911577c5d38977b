namespace Gantry.ControlPlane.Store;

/// <summary>An app's API key for the gateway, stored only as its SHA-256 hash; revoked keys are kept for the record.</summary>
public sealed class ApiKeyRecord
{
    public required string Id { get; set; }

    public required string App { get; set; }

    public required string Name { get; set; }

    public required string Sha256 { get; set; }

    /// <summary>Comma-separated roles, matched by tiers and access rules.</summary>
    public string Roles { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
