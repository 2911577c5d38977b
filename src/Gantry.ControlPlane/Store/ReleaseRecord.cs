namespace Gantry.ControlPlane.Store;

/// <summary>One immutable, numbered release of an app: its resolved spec and where it came from; only its outcome changes.</summary>
public sealed class ReleaseRecord
{
    public long Id { get; set; }

    public required string App { get; set; }

    public int Number { get; set; }

    /// <summary>The resolved <c>AppSpec</c> as JSON.</summary>
    public required string SpecJson { get; set; }

    /// <summary>The folder holding the app's files and sources for this release.</summary>
    public required string SourceDirectory { get; set; }

    /// <summary>What the release was made from, for example <c>deploy gantry.yaml</c> or <c>rollback to 2</c>.</summary>
    public required string Source { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public ReleaseStatus Status { get; set; }

    /// <summary>Why the release failed, in words a developer can act on.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>What each workload ran, once prepared: <c>workload → image (digest)</c> as JSON; null for the process runtime or before.</summary>
    public string? ImagesJson { get; set; }

    /// <summary>What the build of each workload detected, once prepared: <c>workload → stack and start</c> as JSON; null before.</summary>
    public string? BuildsJson { get; set; }

    /// <summary>The commit the release was built from, for a deploy from Git; null otherwise.</summary>
    public string? CommitSha { get; set; }

    /// <summary>That commit's message (its subject and body).</summary>
    public string? CommitMessage { get; set; }
}
