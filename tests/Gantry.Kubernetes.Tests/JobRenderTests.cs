using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Apply;
using k8s.Models;

namespace Gantry.Kubernetes.Tests;

/// <summary>gantry.yaml's <c>jobs</c> as CronJobs: each runs its workload's Deployment pod with the job's command.</summary>
public sealed class JobRenderTests
{
    private static readonly AppSpec Reports = TestApps.Load(TestApps.Reports, "gantry.yaml");

    private static IReadOnlyList<object> Render(AppSpec app) =>
        ManifestRenderer.Render(app, new RenderOptions { CredentialsKey = TestApps.CredentialsKey }, new AppModel.Loading.DirectoryAppFiles(TestApps.Reports));

    private static V1CronJob CronJob(IReadOnlyList<object> objects, string name) =>
        objects.OfType<V1CronJob>().Single(c => c.Metadata.Name == name);

    private static AppSpec WithCleanup(Func<JobSpec, JobSpec> change) =>
        Reports with { Jobs = [.. Reports.Jobs.Select(j => j.Name == "cleanup" ? change(j) : j)] };

    [Fact]
    public void EachJob_IsACronJob_WithItsScheduleTimeZoneConcurrencyRetriesAndDeadlines()
    {
        var objects = Render(Reports);

        Assert.Equal(["archive", "cleanup", "digest"], objects.OfType<V1CronJob>().Select(c => c.Metadata.Name));
        var cleanup = CronJob(objects, "cleanup");
        Assert.Equal(("batch/v1", "CronJob", "reports-prod"), (cleanup.ApiVersion, cleanup.Kind, cleanup.Metadata.NamespaceProperty));
        Assert.Equal(("*/5 * * * *", "Europe/Berlin", "Forbid"), (cleanup.Spec.Schedule, cleanup.Spec.TimeZone, cleanup.Spec.ConcurrencyPolicy));
        Assert.Equal(90, cleanup.Spec.StartingDeadlineSeconds);
        Assert.Equal(2, cleanup.Spec.JobTemplate.Spec.BackoffLimit);
        Assert.Equal(600, cleanup.Spec.JobTemplate.Spec.ActiveDeadlineSeconds);

        var digest = CronJob(objects, "digest");
        Assert.Equal(("0 7 * * 1-5", "UTC", "Allow"), (digest.Spec.Schedule, digest.Spec.TimeZone, digest.Spec.ConcurrencyPolicy));
        Assert.Null(digest.Spec.StartingDeadlineSeconds);
        Assert.Equal(0, digest.Spec.JobTemplate.Spec.BackoffLimit);
        Assert.Null(digest.Spec.JobTemplate.Spec.ActiveDeadlineSeconds);
    }

    [Fact]
    public void AJobsPod_IsItsWorkloadsPod_WithTheFirstContainerRunningTheJobsCommand()
    {
        var objects = Render(Reports);
        var deployment = objects.OfType<V1Deployment>().Single().Spec.Template;
        var pod = CronJob(objects, "cleanup").Spec.JobTemplate.Spec.Template;

        var served = deployment.Spec.Containers[0];
        var run = Assert.Single(pod.Spec.Containers);
        Assert.Equal((served.Name, served.Image), (run.Name, run.Image));
        Assert.Equal(served.EnvFrom.Select(e => (e.ConfigMapRef?.Name, e.SecretRef?.Name)), run.EnvFrom.Select(e => (e.ConfigMapRef?.Name, e.SecretRef?.Name)));
        Assert.Equal(served.Resources.Limits, run.Resources.Limits);
        Assert.Equal(served.VolumeMounts.Select(m => (m.Name, m.MountPath)), run.VolumeMounts.Select(m => (m.Name, m.MountPath)));
        Assert.Equal(["/app/cleanup", "--older-than", "30d"], run.Command);
        Assert.Null(run.Args);
        Assert.Null(run.Ports);
        Assert.Null(run.LivenessProbe);
        Assert.Null(run.ReadinessProbe);

        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal(deployment.Spec.TerminationGracePeriodSeconds, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal(deployment.Metadata.Annotations, pod.Metadata.Annotations);

        // The sidecar's volume stays with the Deployment: the run has only what its container mounts.
        Assert.Equal(3, deployment.Spec.Volumes.Count);
        Assert.Equal(run.VolumeMounts.Select(m => m.Name).Order(), pod.Spec.Volumes.Select(v => v.Name).Order());
        Assert.Contains(pod.Spec.Volumes, v => v.PersistentVolumeClaim is not null);
        Assert.DoesNotContain(pod.Spec.Volumes, v => v.Name == deployment.Spec.Containers[1].VolumeMounts.Single().Name);
    }

    [Fact]
    public void AJobWithItsOwnScoreFile_RunsThatWorkloadsPod_ItsImageBuilt_AndItsPasswordFromItsResourcesSecret()
    {
        var objects = Render(Reports);
        var pod = CronJob(objects, "archive").Spec.JobTemplate.Spec.Template;

        var run = Assert.Single(pod.Spec.Containers);
        Assert.Equal(("main", "registry.local/reports-archiver:latest"), (run.Name, run.Image));
        Assert.Equal(["/app/archive", "--all"], run.Command);
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Null(pod.Spec.Volumes);

        // Its own database: a cluster resource of the job's workload, whose Secret the run reads the password from.
        var password = run.Env.Single(e => e.Name == "DB_PASSWORD").ValueFrom.SecretKeyRef;
        var secrets = objects.OfType<V1Secret>().Select(s => s.Metadata.Name).ToList();
        Assert.Contains(password.Name, secrets);
        Assert.Contains(objects.OfType<V1StatefulSet>(), s => s.Metadata.Name.Contains("archiver", StringComparison.Ordinal));
        Assert.DoesNotContain(objects.OfType<V1Deployment>(), d => d.Metadata.Name.Contains("archiver", StringComparison.Ordinal));
        Assert.Null(run.Env.Single(e => e.Name == "DB_PASSWORD").Value);

        // Its plain variables: a ConfigMap of its own, rendered with the CronJob as a Deployment's would be.
        var env = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == run.EnvFrom.Single().ConfigMapRef.Name);
        Assert.Equal("cold-storage", env.Data["TARGET"]);
    }

    [Fact]
    public void AJobWithoutACommand_RunsTheWorkloadsCommandAndArgs()
    {
        var run = CronJob(Render(Reports), "digest").Spec.JobTemplate.Spec.Template.Spec.Containers.Single();

        Assert.Equal(["/app/reports"], run.Command);
        Assert.Equal(["--serve"], run.Args);
    }

    [Fact]
    public void AJobsObjects_AreLabelledWithAppAndJob_AndNoServiceSelectsItsPods()
    {
        var objects = Render(Reports);
        var cleanup = CronJob(objects, "cleanup");

        foreach (var labels in new[] { cleanup.Metadata.Labels, cleanup.Spec.JobTemplate.Metadata.Labels, cleanup.Spec.JobTemplate.Spec.Template.Metadata.Labels })
        {
            Assert.Equal("reports", labels["app.kubernetes.io/part-of"]);
            Assert.Equal("gantry", labels["app.kubernetes.io/managed-by"]);
            Assert.Equal("cleanup", labels["gantry.dev/job"]);
        }

        var podLabels = cleanup.Spec.JobTemplate.Spec.Template.Metadata.Labels;
        Assert.All(objects.OfType<V1Service>(), service =>
            Assert.False(service.Spec.Selector.All(s => podLabels.TryGetValue(s.Key, out var value) && value == s.Value), service.Metadata.Name));
    }

    [Fact]
    public void ACronJob_IsAppliedAfterTheConfigurationItUses_AndPrunedWhenItsJobIsGone()
    {
        var ordered = ClusterObject.Ordered(Render(Reports));

        var kind = ResourceKind.Of("batch/v1", "CronJob");
        Assert.True(kind.Prunable);
        Assert.Equal("cronjobs", kind.Plural);
        var firstCronJob = ordered.ToList().FindIndex(o => o.Kind == kind);
        Assert.True(firstCronJob > ordered.ToList().FindLastIndex(o => o.Kind.Kind is "ConfigMap" or "Secret" or "PersistentVolumeClaim"));
    }

    [Fact]
    public void AScheduleWithSeconds_IsRefused_SayingKubernetesHasNone()
    {
        var app = WithCleanup(j => j with { Schedule = "*/10 * * * * *" });

        var error = Assert.Throws<RenderException>(() => Render(app));

        Assert.Contains("job 'cleanup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("seconds are not supported on Kubernetes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 L * *")]
    [InlineData("0 0 15W * *")]
    [InlineData("0 0 * * 5#3")]
    [InlineData("0 0 * * 5L")]
    [InlineData("0 0 * * 7")]
    [InlineData("0 0 * * 5-7")]
    [InlineData("@every_minute")]
    [InlineData("@every_second")]
    public void AScheduleOnlyGantryReads_IsRefused_NamingTheJob(string schedule)
    {
        var error = Assert.Throws<RenderException>(() => Render(WithCleanup(j => j with { Schedule = schedule })));

        Assert.StartsWith($"job 'cleanup': schedule '{schedule}': ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@daily")]
    [InlineData("0 0 * * 0,6")]
    [InlineData("0 0 * * */7")]
    [InlineData("0 9 ? * MON-FRI")]
    [InlineData("0 0 1 JUL *")]
    public void AScheduleKubernetesReads_IsRenderedAsWritten(string schedule) =>
        Assert.Equal(schedule, CronJob(Render(WithCleanup(j => j with { Schedule = schedule })), "cleanup").Spec.Schedule);

    [Fact]
    public void AJobNameLongerThanACronJobsName_IsRefused_NamingTheJob()
    {
        var name = new string('j', 53);

        var error = Assert.Throws<RenderException>(() => Render(WithCleanup(j => j with { Name = name })));

        Assert.StartsWith($"job '{name}': a CronJob's name has at most 52 characters", error.Message, StringComparison.Ordinal);
        Assert.Single(Render(WithCleanup(j => j with { Name = name[..^1] })).OfType<V1CronJob>(), c => c.Metadata.Name == name[..^1]);
    }
}
