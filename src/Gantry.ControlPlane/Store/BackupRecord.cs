namespace Gantry.ControlPlane.Store;

/// <summary>
/// One backup of one resource: a file under <c>DATA/backups</c>, reported done only once the file is complete with its
/// size and SHA-256 recorded; a failed one keeps its reason.
/// </summary>
public sealed class BackupRecord
{
    public long Id { get; set; }

    /// <summary>The app that asked for it (a shared resource's backups are listed by every app using it).</summary>
    public required string App { get; set; }

    public required string ResourceKey { get; set; }

    public required string Type { get; set; }

    /// <summary>Its file, relative to <c>DATA/backups</c>.</summary>
    public required string File { get; set; }

    /// <summary><c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string State { get; set; }

    /// <summary><c>manual</c> or <c>scheduled</c>.</summary>
    public required string Trigger { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long? Size { get; set; }

    public string? Sha256 { get; set; }

    /// <summary>Exact row counts of the tables that did not change while it was taken (JSON), for <c>backup verify</c>.</summary>
    public string? RowCounts { get; set; }

    public string? Problem { get; set; }

    /// <summary>Where its copy is in the platform's bucket (<c>s3://BUCKET/KEY</c>), once confirmed; null without one.</summary>
    public string? Remote { get; set; }
}
