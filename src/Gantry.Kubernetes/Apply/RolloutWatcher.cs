using k8s.Models;

namespace Gantry.Kubernetes.Apply;

/// <summary>
/// Follows a Deployment's rollout by reading its status until the controller has seen the new generation and every
/// wanted replica is updated and available with no old one left, the controller reports
/// <c>ProgressDeadlineExceeded</c>, or the deadline passes.
/// </summary>
internal sealed class RolloutWatcher(ClusterClient client, TimeSpan interval)
{
    public async Task<string?> WaitAsync(string ns, string name, DateTimeOffset deadline, IProgress<string>? progress, CancellationToken ct)
    {
        string? last = null;
        while (true)
        {
            var deployment = await client.ReadDeploymentAsync(ns, name, ct);
            var (done, failure, state) = Assess(deployment);
            if (failure is not null)
            {
                return $"deployment/{name}: {failure}";
            }

            if (done)
            {
                progress?.Report($"deployment/{name}: {state}, rolled out");
                return null;
            }

            if (state != last)
            {
                progress?.Report($"deployment/{name}: {state}");
                last = state;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                return $"deployment/{name}: not rolled out before the deadline ({state})";
            }

            await Task.Delay(interval, ct);
        }
    }

    private static (bool Done, string? Failure, string State) Assess(V1Deployment deployment)
    {
        var wanted = deployment.Spec?.Replicas ?? 1;
        var status = deployment.Status ?? new V1DeploymentStatus();
        var updated = status.UpdatedReplicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        var state = $"{updated} of {wanted} updated, {available} available";
        if ((status.ObservedGeneration ?? 0) < (deployment.Metadata.Generation ?? 0))
        {
            return (false, null, "waiting for the controller to see the new generation");
        }

        if (status.Conditions?.FirstOrDefault(c => c.Type == "Progressing" && c.Reason == "ProgressDeadlineExceeded") is { } stuck)
        {
            return (false, $"progress deadline exceeded ({stuck.Message ?? state})", state);
        }

        var oldLeft = (status.Replicas ?? 0) > updated;
        return (updated >= wanted && available >= wanted && !oldLeft, null, state);
    }
}
