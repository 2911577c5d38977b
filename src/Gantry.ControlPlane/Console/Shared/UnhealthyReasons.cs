using Gantry.ControlPlane.Api.Contracts;

namespace Gantry.ControlPlane.Console.Shared;

/// <summary>"Why is it unhealthy": the failed release's reason, then each instance that is not ready, with its evidence.</summary>
public static class UnhealthyReasons
{
    public static IReadOnlyList<UnhealthyReason> For(AppDetail detail)
    {
        var reasons = new List<UnhealthyReason>();
        if (detail.LatestRelease is { Status: "Failed" } failed)
        {
            reasons.Add(new UnhealthyReason($"release {failed.Number} failed", failed.Reason ?? "no reason was recorded", []));
        }

        foreach (var instance in detail.Instances.Where(i => !i.Ready))
        {
            var evidence = new List<string>();
            if (instance.LastProbe is { } probe)
            {
                evidence.Add($"last probe: {probe}");
            }

            if (instance.LastExit is { } exit)
            {
                evidence.Add(exit.OomKilled ? $"OOM-killed: it exceeded its memory limit ({exit.Description})" : $"last exit: {exit.Description}");
            }

            if (instance.NextRestartAt is { } next)
            {
                evidence.Add($"restarts at {next.ToLocalTime():HH:mm:ss} (restarted {instance.Restarts} times)");
            }

            reasons.Add(new UnhealthyReason($"instance {instance.Id} is {instance.Phase.ToLowerInvariant()}, not ready", string.Join("; ", evidence), instance.LastLogLines));
        }

        return reasons;
    }
}
