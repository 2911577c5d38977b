namespace Gantry.ControlPlane.Store;

/// <summary>An API token, stored only as its SHA-256 hash, with what it grants (docs/access.md).</summary>
public sealed class ApiTokenRecord
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>owner, admin, deployer or viewer; tokens made before roles existed are owners'.</summary>
    public string Role { get; set; } = "owner";

    /// <summary>The one app the token may act on; null: every app and the platform.</summary>
    public string? App { get; set; }

    /// <summary>The one team whose apps the token may act on; null: not narrowed to a team.</summary>
    public string? Team { get; set; }

    /// <summary>The one workload of <see cref="App"/> a deploy with the token may change (a partial deploy).</summary>
    public string? Workload { get; set; }

    /// <summary>The user a sign-in made the token for: it grants what the user may do, as long as the user exists.</summary>
    public string? User { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When a request last authenticated with it, to the minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public string? CreatedBy { get; set; }
}
