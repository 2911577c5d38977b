using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile;

/// <summary>
/// One <c>jobs</c> entry as written. Either <paramref name="WorkloadNode"/> names one of the app's workloads, checked
/// once they are known, or <paramref name="ScoreNode"/> is the job's own Score file, read beside them.
/// </summary>
internal sealed record GantryJob(JobSpec Spec, YamlScalar? WorkloadNode, YamlScalar? ScoreNode, string Field);

/// <summary>Reads <c>jobs</c>: a list of scheduled runs of an app workload's image or of a Score file of their own.</summary>
internal static class JobsParser
{
    public const int MaxJobs = 100;

    private static readonly string[] Fields = ["name", "workload", "score", "command", "schedule", "timeZone", "concurrency", "timeout", "retries", "startingDeadline"];

    public static ImmutableArray<GantryJob> Parse(YamlValue? value, string field, FileErrors errors)
    {
        if (value is null)
        {
            return [];
        }

        if (value is not YamlList list)
        {
            errors.Add(value, field, $"expected a list of jobs ('- name: cleanup'), got {value.Describe()}");
            return [];
        }

        if (list.Items.Count > MaxJobs)
        {
            errors.Add(list, field, $"{list.Items.Count} jobs; an app has at most {MaxJobs}");
            return [];
        }

        var jobs = ImmutableArray.CreateBuilder<GantryJob>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemField = FieldPath.Index(field, i);
            if (ParseJob(list.Items[i], itemField, errors) is not { } job)
            {
                continue;
            }

            if (!names.TryAdd(job.Spec.Name, itemField))
            {
                errors.Add(list.Items[i], FieldPath.Join(itemField, "name"), $"job name '{job.Spec.Name}' is already used by {names[job.Spec.Name]}");
                continue;
            }

            jobs.Add(job);
        }

        return jobs.ToImmutable();
    }

    private static GantryJob? ParseJob(YamlValue value, string field, FileErrors errors)
    {
        if (FieldMap.Open(value, field, errors, Fields) is not { } job)
        {
            return null;
        }

        var name = Scalars.String(job.Required("name"), job.FieldOf("name"), errors);
        var nameValid = name is not null && Names.CheckLabel(name, job.FieldOf("name"), errors, "job name");
        var (workload, score, formValid) = ParseForm(job, errors);
        var command = ParseCommand(job.Get("command"), job.FieldOf("command"), errors);
        var schedule = ParseSchedule(job, errors);
        var timeZone = ParseTimeZone(job, errors);
        var concurrency = Scalars.OneOf(job.Get("concurrency"), job.FieldOf("concurrency"), errors, nameof(JobConcurrency.Allow), nameof(JobConcurrency.Forbid), nameof(JobConcurrency.Replace));
        var retries = Scalars.Integer(job.Get("retries"), job.FieldOf("retries"), errors, 0, JobSpec.MaxRetries) ?? 0;
        var timeout = ParseDuration(job, "timeout", errors);
        var deadline = ParseDuration(job, "startingDeadline", errors);
        if (!nameValid || !formValid || schedule is null || timeZone is null)
        {
            return null;
        }

        // A Score job's workload is named by its file's metadata.name, known once the file is read.
        var spec = new JobSpec(
            name!.Value, workload?.Value ?? "", command, schedule, timeZone,
            concurrency is null ? JobConcurrency.Allow : Enum.Parse<JobConcurrency>(concurrency), timeout, retries, deadline);
        return new GantryJob(spec, workload, score, field);
    }

    /// <summary>What the job runs: <c>workload</c> (one of the app's) or <c>score</c> (a Score file of its own), exactly one.</summary>
    private static (YamlScalar? Workload, YamlScalar? Score, bool Valid) ParseForm(FieldMap job, FileErrors errors)
    {
        var workloadNode = job.Get("workload");
        var scoreNode = job.Get("score");
        if (workloadNode is null && scoreNode is null)
        {
            errors.Add(job.Node, job.Path, "give 'workload' (one of the app's workloads, whose image runs the job's command) or 'score' (a Score file of the job's own)");
            return (null, null, false);
        }

        if (workloadNode is not null && scoreNode is not null)
        {
            errors.Add(scoreNode, job.FieldOf("score"), "give 'workload' or 'score', not both: a job runs one workload");
            return (null, null, false);
        }

        var workload = workloadNode is null ? null : Scalars.NonEmptyString(workloadNode, job.FieldOf("workload"), errors);
        var score = scoreNode is null ? null : Scalars.NonEmptyString(scoreNode, job.FieldOf("score"), errors);
        return (workload, score, workload is not null || score is not null);
    }

    /// <summary>A list of words (the executable first), or one line run by <c>/bin/sh -c</c>.</summary>
    private static ImmutableArray<string> ParseCommand(YamlValue? value, string field, FileErrors errors)
    {
        if (value is YamlScalar line)
        {
            return Scalars.NonEmptyString(line, field, errors) is { } text ? ["/bin/sh", "-c", text.Value] : [];
        }

        if (Scalars.StringList(value, field, errors) is not { } words)
        {
            return [];
        }

        if (words.Length == 0 || words[0].Value.Length == 0)
        {
            errors.Add(value!, field, "give the command to run: a list starting with the executable, or one line for /bin/sh");
            return [];
        }

        return [.. words.Select(w => w.Value)];
    }

    private static string? ParseSchedule(FieldMap job, FileErrors errors)
    {
        var field = job.FieldOf("schedule");
        if (Scalars.NonEmptyString(job.Required("schedule"), field, errors) is not { } schedule)
        {
            return null;
        }

        if (JobSpec.TryParseSchedule(schedule.Value) is null)
        {
            errors.Add(schedule, field, $"'{schedule.Value}' is not a cron expression: give five fields (minute hour day month weekday, for example \"0 * * * *\" for every hour) or six with seconds first");
            return null;
        }

        return schedule.Value;
    }

    private static string? ParseTimeZone(FieldMap job, FileErrors errors)
    {
        var field = job.FieldOf("timeZone");
        if (job.Get("timeZone") is null)
        {
            return JobSpec.DefaultTimeZone;
        }

        if (Scalars.NonEmptyString(job.Get("timeZone"), field, errors) is not { } zone)
        {
            return null;
        }

        if (JobSpec.TryFindTimeZone(zone.Value) is null)
        {
            errors.Add(zone, field, $"'{zone.Value}' is not a time zone this machine knows: use an IANA name such as UTC, Europe/Berlin or Asia/Seoul");
            return null;
        }

        return zone.Value;
    }

    private static TimeSpan? ParseDuration(FieldMap job, string key, FileErrors errors)
    {
        var field = job.FieldOf(key);
        if (Scalars.String(job.Get(key), field, errors) is not { } text)
        {
            return null;
        }

        if (!Durations.TryParse(text.Value, out var duration) || duration < TimeSpan.FromSeconds(1) || duration > Durations.Max)
        {
            errors.Add(text, field, $"'{text.Value}' is not a duration from 1s to 24h: use a number with a unit, for example 30s, 5m or 1h");
            return null;
        }

        return duration;
    }
}
