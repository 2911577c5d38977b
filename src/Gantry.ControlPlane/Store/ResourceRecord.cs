namespace Gantry.ControlPlane.Store;

/// <summary>A provisioned resource (a database, a user and its password on a platform server), kept across releases.</summary>
public sealed class ResourceRecord
{
    /// <summary>The Score <c>id</c> when shared, else <c>APP.WORKLOAD.NAME</c>.</summary>
    public required string Key { get; set; }

    public required string Type { get; set; }

    public required string Class { get; set; }

    /// <summary>The platform server that holds it.</summary>
    public required string Service { get; set; }

    /// <summary>Its generated values (database name, username, password…) as JSON, sealed with data protection.</summary>
    public required string SealedValues { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its provision steps last succeeded; null until they have.</summary>
    public DateTimeOffset? ProvisionedAt { get; set; }

    /// <summary>Why the last provisioning failed; null when it did not.</summary>
    public string? Problem { get; set; }
}
