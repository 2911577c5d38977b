using System.Collections.Immutable;
using Gantry.AppModel.GantryFile;
using Gantry.AppModel.Resolution;
using Gantry.AppModel.Resources;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Validation;

namespace Gantry.AppModel.Loading;

/// <summary>
/// What each job runs: a job naming a workload must name one of the app's; a job with a Score file of its own runs
/// that file's workload, which is resolved with the app's (its placeholders, resources shared by id, service ports).
/// </summary>
internal static class JobWorkloads
{
    /// <summary>
    /// The jobs with the workloads of their own to resolve. <paramref name="workloads"/> is null when a Score file of
    /// the app's did not load: its name is unknown, so a job naming it is not checked rather than wrongly refused.
    /// </summary>
    public static ImmutableArray<(JobSpec Spec, LoadedWorkload? Own)> Check(
        ImmutableArray<GantryJob> jobs, IReadOnlyDictionary<string, ScoreWorkload> jobScores, List<LoadedWorkload>? workloads, ErrorList errors, FileErrors entryErrors)
    {
        var names = workloads?.Select(w => w.Score.Name).ToHashSet(StringComparer.Ordinal);
        var checkedJobs = ImmutableArray.CreateBuilder<(JobSpec, LoadedWorkload?)>(jobs.Length);
        foreach (var job in jobs)
        {
            if (job.ScoreNode is null)
            {
                CheckWorkloadName(job, names, entryErrors);
                checkedJobs.Add((job.Spec, null));
            }
            else if (jobScores.TryGetValue(job.Spec.Name, out var score) && CheckRunsToCompletion(score, errors.For(score.File)))
            {
                checkedJobs.Add((job.Spec with { Workload = score.Name }, new LoadedWorkload(score, null, RolloutSpec.Default)));
            }
        }

        return checkedJobs.ToImmutable();
    }

    private static void CheckWorkloadName(GantryJob job, HashSet<string>? names, FileErrors entryErrors)
    {
        if (names is null || names.Contains(job.Spec.Workload))
        {
            return;
        }

        entryErrors.Add(job.WorkloadNode!, FieldPath.Join(job.Field, "workload"),
            $"'{job.Spec.Workload}' is not a workload of this app; its workloads: {string.Join(", ", names.Order(StringComparer.Ordinal))}" + Suggestions.Hint(job.Spec.Workload, names));
    }

    /// <summary>A run is one container that nothing reaches over the network: a route or a second container would be silently dropped.</summary>
    private static bool CheckRunsToCompletion(ScoreWorkload score, FileErrors errors)
    {
        var valid = true;
        foreach (var resource in score.Resources.Where(r => r.Type is ResourceTypes.Route or ResourceTypes.Dns))
        {
            errors.Add(resource.TypeNode!, FieldPath.Join(resource.Field, "type"),
                $"a job's workload cannot have a '{resource.Type}' resource: a run is not reached over the network; remove it, or make this a workload of the app");
            valid = false;
        }

        if (score.Containers.Length > 1)
        {
            var second = score.Containers[1];
            var message = $"a job runs one container; this file has {score.Containers.Length} ({string.Join(", ", score.Containers.Select(c => c.Name))})";
            if (second.Image is { } at)
            {
                errors.Add(at, second.Field, message);
            }
            else
            {
                errors.Add(1, 1, second.Field, message);
            }

            valid = false;
        }

        return valid;
    }
}
