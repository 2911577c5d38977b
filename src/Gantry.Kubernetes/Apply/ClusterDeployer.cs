using k8s.Models;

namespace Gantry.Kubernetes.Apply;

/// <summary>
/// Puts a release on a cluster: every object server-side applied in dependency order, objects of the app that the
/// release no longer has pruned (claims excepted), then each Deployment's rollout followed to the end. A release that
/// fails, when the app asks for automatic rollback, is replaced by the previous one the same way.
/// </summary>
public sealed class ClusterDeployer(ClusterClient client, TimeSpan pollInterval)
{
    public async Task<ClusterDeployResult> DeployAsync(ClusterRelease release, ClusterRelease? previous, bool autoRollback, IProgress<string>? progress, CancellationToken ct)
    {
        var (failure, applied, pruned) = await PutAsync(release, progress, ct);
        if (failure is null)
        {
            return new ClusterDeployResult(ClusterOutcome.Succeeded, $"release {release.Number} rolled out", applied, pruned);
        }

        if (!autoRollback || previous is null)
        {
            return new ClusterDeployResult(ClusterOutcome.Failed, failure, applied, pruned);
        }

        progress?.Report($"release {release.Number} failed ({failure}); rolling back to release {previous.Number}");
        var (rollbackFailure, _, _) = await PutAsync(previous, progress, ct);
        return rollbackFailure is null
            ? new ClusterDeployResult(ClusterOutcome.RolledBack, $"{failure}; rolled back to release {previous.Number}", applied, pruned)
            : new ClusterDeployResult(ClusterOutcome.Failed, $"{failure}; the rollback to release {previous.Number} failed too: {rollbackFailure}", applied, pruned);
    }

    private async Task<(string? Failure, List<string> Applied, List<string> Pruned)> PutAsync(ClusterRelease release, IProgress<string>? progress, CancellationToken ct)
    {
        var objects = ClusterObject.Ordered(release.Objects);
        var applied = new List<string>();
        var pruned = new List<string>();
        try
        {
            foreach (var item in objects)
            {
                await client.ApplyAsync(item, ct);
                applied.Add(item.Display);
                progress?.Report($"applied {item.Display}");
            }

            pruned.AddRange(await PruneAsync(release, objects, progress, ct));
            var deadline = DateTimeOffset.UtcNow + release.ReadyTimeout;
            var watcher = new RolloutWatcher(client, pollInterval);
            foreach (var deployment in release.Objects.OfType<V1Deployment>())
            {
                if (await watcher.WaitAsync(release.Namespace, deployment.Metadata.Name, deadline, progress, ct) is { } failure)
                {
                    return (failure, applied, pruned);
                }
            }

            return (null, applied, pruned);
        }
        catch (ClusterException e)
        {
            return (e.Message, applied, pruned);
        }
    }

    private async Task<List<string>> PruneAsync(ClusterRelease release, IReadOnlyList<ClusterObject> objects, IProgress<string>? progress, CancellationToken ct)
    {
        var selector = $"app.kubernetes.io/part-of={release.App},app.kubernetes.io/managed-by=gantry";
        var pruned = new List<string>();
        foreach (var kind in ResourceKind.All.Where(k => k.Prunable))
        {
            var keep = objects.Where(o => o.Kind == kind).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in await client.ListAsync(kind, release.Namespace, selector, ct))
            {
                if (!keep.Contains(name))
                {
                    await client.DeleteAsync(kind, release.Namespace, name, ct);
                    pruned.Add($"{kind.Kind.ToLowerInvariant()}/{name}");
                    progress?.Report($"pruned {kind.Kind.ToLowerInvariant()}/{name}");
                }
            }
        }

        return pruned;
    }
}
