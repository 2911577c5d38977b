using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Cronos;

namespace Gantry.AppModel.Spec;

/// <summary>
/// A scheduled job of an app (gantry.yaml's <c>jobs</c>): a workload run on a cron schedule to completion, either
/// one of the app's (its image with another command) or the job's own from its Score file. The names and defaults
/// follow Kubernetes' CronJob, which it renders to.
/// </summary>
/// <param name="Workload">The workload whose image (and environment, volumes and files) the job runs: one of the app's, or <see cref="OwnWorkload"/>'s name.</param>
/// <param name="Command">Replaces the workload's command (Score <c>command</c> and <c>args</c>); empty keeps it.</param>
/// <param name="Schedule">Five cron fields, or six with seconds first.</param>
/// <param name="TimeZone">An IANA time zone the schedule is read in.</param>
/// <param name="Timeout">A run still going after this is stopped and failed; null: no limit.</param>
/// <param name="Retries">Further attempts after a failed one, in the same run.</param>
/// <param name="StartingDeadline">An occurrence missed (Gantry was down) still runs when it is at most this late; null: never made up.</param>
public sealed record JobSpec(
    string Name,
    string Workload,
    ImmutableArray<string> Command,
    string Schedule,
    string TimeZone,
    JobConcurrency Concurrency,
    TimeSpan? Timeout,
    int Retries,
    TimeSpan? StartingDeadline)
{
    /// <summary>The job's own workload, resolved from its Score file with the app's; null when it runs one of the app's workloads.</summary>
    public WorkloadSpec? OwnWorkload { get; init; }

    public const int MaxRetries = 10;
    public const string DefaultTimeZone = "UTC";

    /// <summary>The first occurrence strictly after <paramref name="after"/>; null when the schedule names none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        TryParseSchedule(Schedule) is { } cron && TryFindTimeZone(TimeZone) is { } zone ? cron.GetNextOccurrence(after, zone) : null;

    /// <summary>The newest occurrence in (<paramref name="after"/>, <paramref name="upTo"/>]; null when there is none.</summary>
    public DateTimeOffset? LastBetween(DateTimeOffset after, DateTimeOffset upTo)
    {
        if (TryParseSchedule(Schedule) is not { } cron || TryFindTimeZone(TimeZone) is not { } zone)
        {
            return null;
        }

        return cron.GetOccurrences(after, upTo, zone, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)o).LastOrDefault();
    }

    public static CronExpression? TryParseSchedule(string expression) => BackupScheduleSpec.TryParse(expression);

    public static TimeZoneInfo? TryFindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}

/// <summary>What a due run does while an earlier run of the job is still going (Kubernetes' concurrencyPolicy).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobConcurrency>))]
public enum JobConcurrency
{
    /// <summary>Runs beside it.</summary>
    Allow,

    /// <summary>Is skipped (and recorded as skipped).</summary>
    Forbid,

    /// <summary>Stops it, then runs.</summary>
    Replace,
}
