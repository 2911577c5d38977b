using System.Text;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>Says why a release's instances did not become ready, in the terms a developer debugs with: exit code, probe result (and what the runtime found out about it), last output.</summary>
public static class FailureExplainer
{
    public static string Explain(IReadOnlyCollection<InstanceStatus> releaseInstances, TimeSpan timeout)
    {
        if (releaseInstances.Count == 0)
        {
            return $"no instance was running after {timeout.TotalSeconds:0}s";
        }

        // The most telling instance: one that crashed, else one that is not ready.
        var status = releaseInstances.FirstOrDefault(i => i.LastExit is not null)
            ?? releaseInstances.FirstOrDefault(i => !i.Ready)
            ?? releaseInstances.First();
        var text = new StringBuilder($"not ready after {timeout.TotalSeconds:0}s: instance {status.InstanceId}");
        if (status.LastExit is { } exit)
        {
            text.Append($" {exit}").Append(status.Restarts > 0 ? $" (restarted {status.Restarts} times)" : "");
        }

        if (status.LastProbe is { Length: > 0 } probe)
        {
            text.Append($"; readiness check: {probe}");
        }

        // What the runtime found out, such as an app listening on 8080 rather than on its $PORT.
        if (status.ReadinessHint is { Length: > 0 } hint)
        {
            text.Append($"; {hint}");
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
