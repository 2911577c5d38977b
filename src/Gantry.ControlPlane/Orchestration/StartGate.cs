using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Events;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// gantry.yaml's <c>dependsOn</c> on one machine: a workload's instances are started (and its old ones replaced)
/// only once each workload it depends on has an instance started, or ready, of whichever release. What a rollout
/// waits for is announced once as an event, and named if its deadline passes.
/// </summary>
internal sealed class StartGate
{
    private readonly Dictionary<string, string> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);

    /// <summary>A new rollout: what was announced for the last one may be announced again.</summary>
    public void Reset() => _announced.Clear();

    /// <summary>Called once per pass before the workloads are looked at.</summary>
    public void BeginPass() => _waiting.Clear();

    /// <summary>Whether the workload may start instances now; if not, what it waits for is kept for the events and the failure.</summary>
    public bool MayStart(WorkloadSpec workload, InstanceSet instances)
    {
        var unmet = workload.DependsOn.Where(d => !Met(d, instances)).ToList();
        if (unmet.Count == 0)
        {
            return true;
        }

        _waiting[workload.Name] = string.Join(" and ", unmet.Select(d => d.Ready == WorkloadDependency.Healthy ? $"{d.Workload} to be ready" : $"{d.Workload} to start"));
        return false;
    }

    public async Task AnnounceAsync(AppEventLog events, string app, int release, CancellationToken cancellationToken)
    {
        foreach (var (workload, waiting) in _waiting.Where(w => _announced.Add(w.Key)).ToList())
        {
            await events.WriteAsync(app, release, "rollout.waiting", $"{workload} waits for {waiting} before it starts (dependsOn)", cancellationToken: cancellationToken);
        }
    }

    /// <summary>The rollout's failure reason with what never started and why in front of it.</summary>
    public string Explain(string reason) =>
        _waiting.Count == 0 ? reason : string.Join("; ", _waiting.Select(w => $"{w.Key} never started: it waited for {w.Value} (dependsOn)")) + $"; {reason}";

    private static bool Met(WorkloadDependency dependency, InstanceSet instances)
    {
        var running = instances.All.Where(i => i.Workload.Name == dependency.Workload);
        return dependency.Ready == WorkloadDependency.Healthy ? running.Any(i => instances.ViewOf(i).Ready) : running.Any();
    }
}
