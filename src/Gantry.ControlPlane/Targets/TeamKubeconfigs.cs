using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Store;
using Gantry.Kubernetes;
using Gantry.Kubernetes.Access;
using Gantry.Kubernetes.Apply;

namespace Gantry.ControlPlane.Targets;

/// <summary>
/// A team's credentials for an environment's cluster ("a kubeconfig per permission"): applies the team's
/// ServiceAccount, token Secret, and a Role and RoleBinding in each of its apps' namespaces there, waits for the
/// cluster to fill the token in, and writes a kubeconfig with it that can touch those namespaces only.
/// </summary>
public sealed class TeamKubeconfigs(EnvironmentRegistry environments, TeamStore teams, TimeProvider time)
{
    /// <summary>How long the cluster's token controller gets to fill the token in.</summary>
    public static readonly TimeSpan TokenWait = TimeSpan.FromSeconds(30);

    public async Task<string> IssueAsync(string team, string environment, CancellationToken cancellationToken)
    {
        var (_, target) = await environments.ResolveAsync(environment, cancellationToken);
        if (target is not { Kind: TargetKind.Kubernetes })
        {
            throw new EnvironmentException(400, target is null
                ? $"environment: '{environment}' runs on this machine, not a cluster; a kubeconfig is for an environment whose target is a Kubernetes cluster"
                : $"environment: '{environment}' publishes to the GitOps repository of target '{target.Name}'; Gantry does not reach that cluster, so it cannot make credentials there");
        }

        var apps = await teams.AppsOfAsync(team, cancellationToken)
            ?? throw new EnvironmentException(404, $"team: there is no team '{team}'");
        var namespaces = apps.Select(app => $"{app}-{environment}").ToList();
        try
        {
            var cluster = ClusterConnection.Open(target.Kubeconfig, target.Context);
            foreach (var item in ClusterObject.Ordered(TeamAccessRenderer.Render(team, environment, namespaces)))
            {
                await cluster.ApplyAsync(item, cancellationToken);
            }

            var token = await ReadTokenAsync(cluster, team, environment, cancellationToken);
            return KubeconfigWriter.Write(ClusterConnection.Address(target.Kubeconfig, target.Context), token, team, environment, namespaces.FirstOrDefault());
        }
        catch (RenderException e)
        {
            throw new EnvironmentException(400, e.Message);
        }
        catch (ClusterException e)
        {
            throw new EnvironmentException(502, $"cluster of target '{target.Name}': {e.Message}");
        }
    }

    private async Task<string> ReadTokenAsync(ClusterClient cluster, string team, string environment, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TokenWait;
        while (true)
        {
            try
            {
                return await cluster.ReadServiceAccountTokenAsync(RenderOptions.SystemNamespace, TeamAccessRenderer.TokenSecretName(team, environment), cancellationToken);
            }
            catch (ClusterException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
            }
        }
    }
}
