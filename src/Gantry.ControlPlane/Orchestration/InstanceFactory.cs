using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Gantry.AppModel.Spec;
using Gantry.Runtime.Builds;
using Gantry.Runtime.Health;
using Gantry.Runtime.Instances;
using Gantry.Runtime.Logs;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Turns a workload of a release and its built artifact into a supervised instance.</summary>
public sealed class InstanceFactory(IInstanceDriver driver, LogStore logs, RestartPolicy restartPolicy, TimeProvider time, ILoggerFactory loggerFactory)
{
    public string RuntimeName => driver.Name;

    public ManagedInstance Create(string app, int release, WorkloadSpec workload, BuildArtifact artifact)
    {
        var container = workload.Containers[0];
        var id = $"{app}-{workload.Name}-{release}-{RandomSuffix()}";
        var ports = ContainerPorts(workload, container);
        var environment = container.Variables
            .SetItem("GANTRY_APP", app)
            .SetItem("GANTRY_WORKLOAD", workload.Name)
            .SetItem("GANTRY_RELEASE", release.ToString(CultureInfo.InvariantCulture))
            .SetItem("GANTRY_INSTANCE", id);
        var spec = new InstanceSpec(id, app, workload.Name, release, artifact.Launch, environment, ports);
        var checks = new HealthChecks(
            ToProbe(container.ReadinessProbe, ports, TimeSpan.FromMilliseconds(500)),
            ToProbe(container.LivenessProbe, ports, TimeSpan.FromSeconds(10)));
        var log = logs.Open(app, workload.Name, id);
        var supervisor = new InstanceSupervisor(driver, spec, checks, restartPolicy, log, time, loggerFactory.CreateLogger<InstanceSupervisor>());
        return new ManagedInstance(supervisor, log, workload, release, time.GetUtcNow());
    }

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
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(4, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });
    }
}
