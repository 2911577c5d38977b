namespace Gantry.ControlPlane.Store;

/// <summary>
/// One run of an app's scheduled job: due (or asked for), then running as an instance until it exits, is stopped or
/// times out. A skipped or missed occurrence is a run that never started, so the schedule's history has no holes.
/// </summary>
public sealed class JobRunRecord
{
    public long Id { get; set; }

    public required string App { get; set; }

    public required string Job { get; set; }

    /// <summary>The release whose image and command it ran.</summary>
    public int Release { get; set; }

    /// <summary><c>schedule</c>, <c>missed</c> (made up on start, within startingDeadline) or <c>manual</c>.</summary>
    public required string Trigger { get; set; }

    /// <summary>The occurrence it was due at (for a manual run, when it was asked for).</summary>
    public DateTimeOffset ScheduledAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>skipped</c> (Forbid) or <c>missed</c> (past startingDeadline).</summary>
    public required string State { get; set; }

    /// <summary>The last attempt's exit code; null while running or when none was known.</summary>
    public int? ExitCode { get; set; }

    public int Attempts { get; set; }

    /// <summary>The id its output is logged under (every attempt's).</summary>
    public required string LogId { get; set; }

    /// <summary>What happened, in words: why it failed, was skipped or stopped.</summary>
    public string? Message { get; set; }
}
