using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Clients;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Store;
using Gantry.Kubernetes;
using Gantry.Kubernetes.Apply;
using Gantry.Kubernetes.GitOps;

namespace Gantry.ControlPlane.Targets;

/// <summary>Puts one environment release on its target: applied to a cluster, or committed to a GitOps repository.</summary>
public sealed class EnvironmentReleaser(DataDirectory data, ClientRegistry clients, TimeSpan pollInterval)
{
    // Resources' passwords in a cluster are derived from this installation's key: every release applies the same
    // Secrets, so a database initialized with its password by the first release is reached by the next.
    private readonly Lazy<string> _credentialsKey = new(() => Convert.ToHexStringLower(Secrets.KeyFile.LoadOrCreate(Path.Combine(data.Keys, "cluster-credentials.key"))));

    // One publish per repository clone at a time.
    private readonly Dictionary<string, SemaphoreSlim> _repositoryGates = new(StringComparer.Ordinal);

    public async Task<(EnvironmentReleaseStatus Status, string Message, string? Commit)> ReleaseAsync(
        EnvironmentReleaseRecord release, EnvironmentReleaseRecord? previous, TargetRecord target, IProgress<string> progress, CancellationToken ct)
    {
        var spec = SpecSerializer.Deserialize(release.SpecJson);
        var gateway = target.Gateway.Split('/');
        var cluster = target.Kind == TargetKind.Kubernetes;

        // Secrets (the gateway's key hashes among them) only go to a cluster, never to a repository.
        var keys = cluster ? await clients.SnapshotAsync(spec.Name, ct) : null;
        var options = new RenderOptions(release.Environment, gateway[1], gateway[0], target.Registry, "latest", IncludeSecretValues: cluster)
        {
            Domain = target.Domain,
            Operators = target.Operators.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            CredentialsKey = _credentialsKey.Value,
            GatewayClients = keys,
        };
        IReadOnlyList<object> Render(AppSpec app, EnvironmentReleaseRecord r) => ManifestRenderer.Render(app, options, new DirectoryAppFiles(r.SourceDirectory));

        if (!cluster)
        {
            return await PublishAsync(release, spec, target, ManifestRenderer.ToFiles(Render(spec, release)), ct);
        }

        var client = ClusterConnection.Open(target.Kubeconfig, target.Context);
        var ns = ManifestRenderer.Namespace(spec, options);
        var timeout = spec.Workloads.Select(w => w.Rollout.ReadyTimeout).DefaultIfEmpty(TimeSpan.FromMinutes(1)).Max();
        var current = new ClusterRelease(spec.Name, release.Number, ns, Render(spec, release), timeout);
        var before = previous is null ? null : new ClusterRelease(spec.Name, previous.Number, ns, Render(SpecSerializer.Deserialize(previous.SpecJson), previous), timeout);
        var result = await new ClusterDeployer(client, pollInterval).DeployAsync(current, before, spec.Workloads.Any(w => w.Rollout.AutoRollback), progress, ct);
        var status = result.Outcome switch
        {
            ClusterOutcome.Succeeded => EnvironmentReleaseStatus.Succeeded,
            ClusterOutcome.RolledBack => EnvironmentReleaseStatus.RolledBack,
            _ => EnvironmentReleaseStatus.Failed,
        };
        var pruned = result.Pruned.Count == 0 ? "" : $"; pruned {string.Join(", ", result.Pruned)}";
        return (status, result.Message + pruned, null);
    }

    private async Task<(EnvironmentReleaseStatus, string, string?)> PublishAsync(
        EnvironmentReleaseRecord release, AppSpec spec, TargetRecord target, IReadOnlyList<(string File, string Yaml)> files, CancellationToken ct)
    {
        SemaphoreSlim gate;
        lock (_repositoryGates)
        {
            gate = _repositoryGates.TryGetValue(target.Name, out var known) ? known : _repositoryGates[target.Name] = new SemaphoreSlim(1, 1);
        }

        await gate.WaitAsync(ct);
        try
        {
            var images = spec.AllWorkloads().SelectMany(w => w.Containers).Where(c => !c.BuildsFromSource).Select(c => c.Image).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var publisher = new GitOpsPublisher(new GitOpsTarget(target.Repository!, target.Branch), data.GitOps(target.Name));
            var result = await publisher.PublishAsync(new GitOpsRelease(spec.Name, release.Environment, release.Number, files, images), ct);
            return result.Committed
                ? (EnvironmentReleaseStatus.Succeeded, $"committed {result.Commit![..12]} to {result.Path} on {target.Branch}", result.Commit)
                : (EnvironmentReleaseStatus.Succeeded, $"{result.Path} already holds this release; nothing committed", null);
        }
        catch (GitOpsException e)
        {
            return (EnvironmentReleaseStatus.Failed, e.Message, null);
        }
        finally
        {
            gate.Release();
        }
    }
}
