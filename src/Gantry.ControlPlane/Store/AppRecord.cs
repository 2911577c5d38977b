namespace Gantry.ControlPlane.Store;

/// <summary>An app as stored: which release serves and which should.</summary>
public sealed class AppRecord
{
    public required string Name { get; set; }

    /// <summary>The release that completed its rollout last and serves traffic; null before the first success.</summary>
    public int? CurrentRelease { get; set; }

    /// <summary>The release that should serve: equal to <see cref="CurrentRelease"/> when nothing is rolling out.</summary>
    public int? DesiredRelease { get; set; }

    public int LastReleaseNumber { get; set; }

    /// <summary>The team that owns the app: its members' roles apply here. Null: only platform roles reach it.</summary>
    public string? Team { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
