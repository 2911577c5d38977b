namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A release: its number, where it came from, who made it and when, and its outcome.</summary>
public sealed record ReleaseInfo(
    int Number,
    string Status,
    bool Current,
    string Source,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? Reason)
{
    /// <summary>What each workload runs, <c>image (digest)</c>, once prepared on the container runtime; empty otherwise.</summary>
    public IReadOnlyDictionary<string, string> Images { get; init; } = new Dictionary<string, string>();

    /// <summary>What each workload's build detected, for example <c>Python 3.11.7 (requirements.txt), started by python app.py</c>.</summary>
    public IReadOnlyDictionary<string, string> Builds { get; init; } = new Dictionary<string, string>();

    /// <summary>The commit the release was built from, when it was deployed from Git.</summary>
    public CommitInfo? Commit { get; init; }
}

/// <summary>A Git commit: its full sha and message.</summary>
public sealed record CommitInfo(string Sha, string Message);
