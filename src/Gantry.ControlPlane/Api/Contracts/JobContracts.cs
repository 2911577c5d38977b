namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>A scheduled job of an app's serving release, when it runs next and how its latest run went.</summary>
/// <param name="Command">What it runs in place of its workload's command; empty: the workload's own.</param>
/// <param name="Concurrency">Allow, Forbid or Replace: what a due run does while another runs.</param>
/// <param name="Running">Runs going now.</param>
public sealed record JobInfo(
    string App, string Name, string Workload, IReadOnlyList<string> Command, string Schedule, string TimeZone, string Concurrency,
    int? TimeoutSeconds, int Retries, int? StartingDeadlineSeconds, DateTimeOffset? NextRunAt, int Running, JobRunInfo? LastRun)
{
    /// <summary>The job's own Score file (relative to the app's folder) when it has one; null when it runs one of the app's workloads.</summary>
    public string? ScoreFile { get; init; }
}

/// <summary>One run of a job.</summary>
/// <param name="Trigger">schedule, missed (made up on start) or manual.</param>
/// <param name="State">running, succeeded, failed, skipped (concurrency Forbid) or missed (later than startingDeadline).</param>
/// <param name="ExitCode">The last attempt's; null while running or when it never started.</param>
/// <param name="Message">Why it failed, was skipped or missed.</param>
public sealed record JobRunInfo(
    long Id, string App, string Job, int Release, string Trigger, string State, DateTimeOffset ScheduledAt, DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt, double? DurationSeconds, int? ExitCode, int Attempts, string? Message);
