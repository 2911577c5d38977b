using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;
using k8s.Models;

namespace Gantry.Kubernetes;

/// <summary>
/// A scheduled job as a CronJob. Its pod is its workload's Deployment pod (image, environment, volumes, files,
/// resources) with the first container only, as on one machine, running the job's command to completion; a job
/// with a Score file of its own has the pod its workload would have as a Deployment.
/// </summary>
internal static class JobRenderer
{
    /// <summary>A CronJob's name is at most 52 characters: each run's Job adds 11 to it, within the 63 of a label.</summary>
    public const int MaxNameLength = 52;

    public static V1CronJob Render(AppSpec app, JobSpec job, string ns, RenderOptions options, ResourceBindings bindings)
    {
        if (job.Name.Length > MaxNameLength)
        {
            throw new RenderException($"job '{job.Name}': a CronJob's name has at most {MaxNameLength} characters, this one {job.Name.Length}; shorten the job's name");
        }

        if (KubernetesSchedule.Problem(job.Schedule) is { } problem)
        {
            throw new RenderException($"job '{job.Name}': schedule '{job.Schedule}': {problem}");
        }

        var workload = app.WorkloadOf(job)
            ?? throw new RenderException($"job '{job.Name}': the app has no workload '{job.Workload}'");
        var labels = KubernetesLabels.ForJob(app.Name, job.Name);
        return new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta { Name = job.Name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1CronJobSpec
            {
                Schedule = job.Schedule,

                // Always written: without it the controller reads the schedule in its own machine's zone.
                TimeZone = job.TimeZone,
                ConcurrencyPolicy = job.Concurrency.ToString(),
                StartingDeadlineSeconds = Seconds(job.StartingDeadline),
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
                    Spec = new V1JobSpec
                    {
                        BackoffLimit = job.Retries,
                        ActiveDeadlineSeconds = Seconds(job.Timeout),
                        Template = Pod(app, workload, job, options, bindings),
                    },
                },
            },
        };
    }

    private static V1PodTemplateSpec Pod(AppSpec app, WorkloadSpec workload, JobSpec job, RenderOptions options, ResourceBindings bindings)
    {
        var pod = WorkloadRenderer.PodTemplate(app, workload, options, bindings);
        pod.Metadata.Labels = KubernetesLabels.ForJob(app.Name, job.Name);
        pod.Spec.RestartPolicy = "Never";

        // A run is not served traffic nor restarted when unhealthy: it runs until it exits.
        var container = pod.Spec.Containers[0];
        container.Ports = null;
        container.LivenessProbe = null;
        container.ReadinessProbe = null;
        if (!job.Command.IsDefaultOrEmpty)
        {
            container.Command = [.. job.Command];
            container.Args = null;
        }

        pod.Spec.Containers = [container];
        var mounted = container.VolumeMounts?.Select(m => m.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        pod.Spec.Volumes = pod.Spec.Volumes?.Where(v => mounted.Contains(v.Name)).ToList() is { Count: > 0 } volumes ? volumes : null;
        return pod;
    }

    private static long? Seconds(TimeSpan? duration) => duration is { } d ? (long)Math.Ceiling(d.TotalSeconds) : null;
}
