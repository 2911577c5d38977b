using Gantry.Runtime.Health;

namespace Gantry.Runtime.Instances;

/// <summary>The supervisor's probe loops for one run of an instance; both end when <c>cancellationToken</c> is cancelled.</summary>
internal static class ProbeLoops
{
    private static readonly TimeSpan UntilReadyPeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(10);

    // Asking the runtime why a check fails reads /proc: only while failing, and not more often than this.
    private static readonly TimeSpan ExplainEvery = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Probes readiness every period and reports each result with whether the failure threshold is reached and, while it fails,
    /// what the runtime last found out about why (<see cref="IRunningInstance.ExplainFailedReadiness"/>).
    /// </summary>
    public static async Task ReadinessAsync(
        IRunningInstance instance, ProbeDefinition probe, TimeProvider time, Action<ProbeResult, bool, string?> report, CancellationToken cancellationToken)
    {
        var failures = 0;
        var everReady = false;
        string? hint = null;

        // A starting app gets a moment before anything is said about what it listens on.
        var nextLook = time.GetUtcNow() + ExplainEvery;
        try
        {
            while (true)
            {
                var result = await ProbeRunner.Shared.RunAsync(probe, instance, cancellationToken);
                failures = result.Success ? 0 : failures + 1;
                everReady |= result.Success;
                if (result.Success)
                {
                    hint = null;
                }
                else if (time.GetUtcNow() >= nextLook)
                {
                    hint = instance.ExplainFailedReadiness(probe);
                    nextLook = time.GetUtcNow() + ExplainEvery;
                }

                report(result, failures >= Math.Max(1, probe.FailureThreshold), hint);

                // Fast until first ready, so a new instance gets traffic (and a rollout moves on) soon after it listens.
                var period = everReady ? Period(probe) : Min(Period(probe), UntilReadyPeriod);
                await Task.Delay(period, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Completes with the last probe result once liveness, after passing once, failed the threshold times in a row; with null when
    /// cancelled. Failures before the first pass do not count: a slow start is not a hang (readiness keeps such an instance
    /// out of traffic, and a rollout deadline catches one that never comes up).
    /// </summary>
    public static async Task<string?> LivenessAsync(IRunningInstance instance, ProbeDefinition probe, TimeProvider time, CancellationToken cancellationToken)
    {
        var failures = 0;
        var passed = false;
        try
        {
            while (true)
            {
                await Task.Delay(passed ? Period(probe) : Min(Period(probe), UntilReadyPeriod), time, cancellationToken);
                var result = await ProbeRunner.Shared.RunAsync(probe, instance, cancellationToken);
                passed |= result.Success;
                failures = result.Success || !passed ? 0 : failures + 1;
                if (failures >= Math.Max(1, probe.FailureThreshold))
                {
                    return result.Description;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static TimeSpan Period(ProbeDefinition probe) => probe.Period > ShortestPeriod ? probe.Period : ShortestPeriod;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
