using System.Collections.Immutable;
using Gantry.AppModel.Spec;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Decides one step of a rolling update, like the Kubernetes Deployment controller: never more than
/// replicas + maxSurge instances, never fewer than replicas - maxUnavailable ready ones.
/// Pure, so every rollout rule is testable without processes.
/// </summary>
public static class RolloutPlanner
{
    public static RolloutPlan Plan(int targetRelease, int replicas, RolloutSpec rollout, IReadOnlyList<InstanceView> instances)
    {
        var remove = ImmutableArray.CreateBuilder<string>();

        // Instances of other releases that serve nothing go at once: removing them costs no availability.
        var old = instances.Where(i => i.Release != targetRelease).ToList();
        remove.AddRange(old.Where(i => !i.Ready).Select(i => i.Id));

        // Scaling the target release down drops unready instances first, then the newest.
        var fresh = instances.Where(i => i.Release == targetRelease)
            .OrderByDescending(i => i.Ready)
            .ThenBy(i => i.CreatedAt)
            .ToList();
        remove.AddRange(fresh.Skip(replicas).Reverse().Select(i => i.Id));
        var kept = fresh.Take(replicas).ToList();
        var readyKept = kept.Count(i => i.Ready);

        // Ready old instances leave, oldest release first, only while enough ready instances stay.
        var servingOld = old.Where(i => i.Ready).OrderBy(i => i.Release).ThenBy(i => i.CreatedAt).ToList();
        var minAvailable = Math.Max(0, replicas - rollout.MaxUnavailable);
        var available = readyKept + servingOld.Count;
        var oldLeft = servingOld.Count;
        foreach (var instance in servingOld)
        {
            if (available - 1 < minAvailable)
            {
                break;
            }

            remove.Add(instance.Id);
            available--;
            oldLeft--;
        }

        var total = kept.Count + oldLeft;
        var startNew = Math.Max(0, Math.Min(replicas - kept.Count, replicas + rollout.MaxSurge - total));
        var converged = old.Count == 0 && fresh.Count == replicas && readyKept == replicas;
        return new RolloutPlan(startNew, remove.ToImmutable(), converged);
    }
}
