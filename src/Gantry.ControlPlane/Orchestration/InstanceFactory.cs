using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Jobs;
using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.Runtime.Health;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Logs;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Turns a workload of a release and what it needs to run into a supervised instance, new or adopted.</summary>
public sealed class InstanceFactory(IWorkloadRuntime runtime, LogStore logs, RestartPolicy restartPolicy, TimeProvider time, ILoggerFactory loggerFactory)
{
    public string RuntimeName => runtime.Name;

    /// <summary>A new instance, not started yet: the caller starts its supervisor.</summary>
    public ManagedInstance Create(string app, ReleaseBuild build, WorkloadSpec workload) =>
        Supervise(app, build, workload, $"{app}-{workload.Name}-{build.Release}-{RandomSuffix()}");

    /// <summary>
    /// An instance a previous Gantry started and that still runs, attached again under its own id without a restart;
    /// the caller hands <c>Running</c> to the instance's supervisor once it listens to it.
    /// </summary>
    public async Task<(ManagedInstance Instance, IRunningInstance Running)> AdoptAsync(
        string app, ReleaseBuild build, WorkloadSpec workload, ExistingInstance existing, CancellationToken cancellationToken)
    {
        var instance = Supervise(app, build, workload, existing.InstanceId);
        try
        {
            return (instance, await runtime.Driver.AdoptAsync(existing, instance.Spec, instance.Log, cancellationToken));
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes an instance a previous Gantry left behind that no release wants any more.</summary>
    public Task RemoveExistingAsync(ExistingInstance existing, CancellationToken cancellationToken) =>
        runtime.Driver.RemoveExistingAsync(existing, cancellationToken);

    /// <summary>
    /// How to run one attempt of a scheduled job: its workload's instance without ports, under the job's own
    /// workload name (so a restarted Gantry never adopts it as one of the workload's), with the job's command.
    /// </summary>
    public InstanceSpec DescribeJobRun(string app, ReleaseBuild build, JobSpec job, string id, string runId)
    {
        var workload = build.Spec.WorkloadOf(job) ?? throw new InvalidOperationException($"job '{job.Name}' of {app}: no workload '{job.Workload}'");
        var environment = Environment(app, workload, build, id).SetItem("GANTRY_JOB", job.Name).SetItem("GANTRY_JOB_RUN", runId);
        var common = new InstanceSpec(id, app, JobWorkloadName(job.Name), build.Release, NoLaunch, environment, []);
        return JobCommand.Apply(runtime.Describe(common, build.Source(app, workload), build.Artifacts[ArtifactKey(job)]), job.Command);
    }

    /// <summary>A job's runs are logged and found under this name; workload names have no dots, so none is taken for one.</summary>
    public static string JobWorkloadName(string job) => job + ".job";

    /// <summary>What a release built for the job: its own workload's artifact (under its run name) or its app workload's.</summary>
    public static string ArtifactKey(JobSpec job) => job.OwnWorkload is null ? job.Workload : JobWorkloadName(job.Name);

    public IInstanceDriver Driver => runtime.Driver;

    private static ImmutableDictionary<string, string> Environment(string app, WorkloadSpec workload, ReleaseBuild build, string id) =>
        workload.Containers[0].Variables
            .SetItem("GANTRY_APP", app)
            .SetItem("GANTRY_WORKLOAD", workload.Name)
            .SetItem("GANTRY_RELEASE", build.Release.ToString(CultureInfo.InvariantCulture))
            .SetItem("GANTRY_INSTANCE", id);

    private ManagedInstance Supervise(string app, ReleaseBuild build, WorkloadSpec workload, string id)
    {
        var container = workload.Containers[0];
        var ports = ContainerPorts(workload, container);
        var environment = Environment(app, workload, build, id);
        var source = build.Source(app, workload);
        var artifact = build.Artifacts[workload.Name];
        var common = new InstanceSpec(id, app, workload.Name, build.Release, NoLaunch, environment, ports);
        var spec = runtime.Describe(common, source, artifact);
        var checks = new HealthChecks(
            ToProbe(container.ReadinessProbe, ports, TimeSpan.FromMilliseconds(500)),
            ToProbe(container.LivenessProbe, ports, TimeSpan.FromSeconds(10)));
        var log = logs.Open(app, workload.Name, id);
        var supervisor = new InstanceSupervisor(runtime.Driver, spec, checks, restartPolicy, log, time, loggerFactory.CreateLogger<InstanceSupervisor>());
        return new ManagedInstance(supervisor, log, spec, workload, build.Release, time.GetUtcNow());
    }

    /// <summary>The runtime fills in how to launch; this placeholder says so if one ever did not.</summary>
    private static readonly LaunchCommand NoLaunch = new("(set by the runtime)", [], "/", ImmutableDictionary<string, string>.Empty);

    /// <summary>The ports the instance listens on: the service's target ports, then any port only a probe names.</summary>
    private static ImmutableArray<int> ContainerPorts(WorkloadSpec workload, ContainerSpec container)
    {
        var ports = workload.Ports.Select(p => p.TargetPort).ToList();
        foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe })
        {
            if (probe?.HttpGet is { } http)
            {
                ports.Add(http.Port);
            }
        }

        return [.. ports.Distinct()];
    }

    private static ProbeDefinition? ToProbe(ProbeSpec? probe, ImmutableArray<int> ports, TimeSpan period)
    {
        if (probe?.HttpGet is { } http)
        {
            return new ProbeDefinition(
                ProbeKind.Http, http.Port, http.Path, http.Scheme, http.Host,
                [.. http.Headers.Select(h => KeyValuePair.Create(h.Name, h.Value))],
                [], period, TimeSpan.FromSeconds(2), FailureThreshold: 3);
        }

        if (probe is { Exec.IsDefaultOrEmpty: false })
        {
            return new ProbeDefinition(ProbeKind.Exec, ports.FirstOrDefault(), "", "HTTP", null, [], probe.Exec, period, TimeSpan.FromSeconds(5), FailureThreshold: 3);
        }

        return null;
    }

    private static string RandomSuffix()
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(4, Alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }
}
