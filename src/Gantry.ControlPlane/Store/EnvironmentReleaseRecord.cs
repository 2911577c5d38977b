namespace Gantry.ControlPlane.Store;

/// <summary>
/// A release of an app in an environment on a target: the spec it carried (the same as the release it was promoted
/// from), where it came from, and how it went.
/// </summary>
public sealed class EnvironmentReleaseRecord
{
    public long Id { get; set; }

    public required string App { get; set; }

    public required string Environment { get; set; }

    /// <summary>Numbered per app and environment, from 1.</summary>
    public int Number { get; set; }

    public required string SpecJson { get; set; }

    /// <summary>The app's files, for Score files with a source; shared with the release it came from.</summary>
    public required string SourceDirectory { get; set; }

    /// <summary>Where the spec came from, for example "local release 4" or "staging release 2".</summary>
    public required string Origin { get; set; }

    public EnvironmentReleaseStatus Status { get; set; }

    public string? Message { get; set; }

    /// <summary>GitOps: the commit that holds the release; null when nothing changed.</summary>
    public string? Commit { get; set; }

    public string Actor { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
