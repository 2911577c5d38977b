using System.Text;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Says why a release's instances did not become ready, in the terms a developer debugs with: exit code, probe result, last output.</summary>
public static class FailureExplainer
{
    public static string Explain(IReadOnlyCollection<ManagedInstance> releaseInstances, TimeSpan timeout)
    {
        if (releaseInstances.Count == 0)
        {
            return $"no instance was running after {timeout.TotalSeconds:0}s";
        }

        // The most telling instance: one that crashed, else one that is not ready.
        var worst = releaseInstances.FirstOrDefault(i => i.Status.LastExit is not null)
            ?? releaseInstances.FirstOrDefault(i => !i.Status.Ready)
            ?? releaseInstances.First();
        var status = worst.Status;
        var text = new StringBuilder($"not ready after {timeout.TotalSeconds:0}s: instance {status.InstanceId}");
        if (status.LastExit is { } exit)
        {
            text.Append($" {exit}").Append(status.Restarts > 0 ? $" (restarted {status.Restarts} times)" : "");
        }

        if (status.LastProbe is { Length: > 0 } probe)
        {
            text.Append($"; readiness check: {probe}");
        }

        var lines = status.LastLogLines.IsDefaultOrEmpty ? [] : status.LastLogLines.TakeLast(10).ToArray();
        if (lines.Length > 0)
        {
            text.Append("\nlast output:");
            foreach (var line in lines)
            {
                text.Append("\n  ").Append(line);
            }
        }

        return text.ToString();
    }
}
