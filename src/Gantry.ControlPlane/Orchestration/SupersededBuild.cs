using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Watches, while a release builds, whether another release is asked for: then the build is cancelled (its processes
/// killed) rather than finished for nothing, and the newer release is built at once.
/// </summary>
internal static class SupersededBuild
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>The build's outcome; or none, with the release asked for instead, when it was cancelled for that one.</summary>
    public static async Task<(ReleasePreparer.Outcome? Outcome, int? SupersededBy)> PrepareAsync(
        ReleasePreparer releases, ReleaseRecord target, ReleaseLedger ledger, string app, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int? newer = null;
        var watching = WatchAsync();
        try
        {
            return (await releases.PrepareAsync(target, cancel.Token), null);
        }
        catch (OperationCanceledException) when (newer is not null && !cancellationToken.IsCancellationRequested)
        {
            return (null, newer);
        }
        finally
        {
            await cancel.CancelAsync();
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        async Task WatchAsync()
        {
            using var timer = new PeriodicTimer(Period);
            while (await timer.WaitForNextTickAsync(cancel.Token))
            {
                if ((await ledger.LoadAsync(app, cancel.Token))?.Desired?.Number is int desired && desired != target.Number)
                {
                    newer = desired;
                    await cancel.CancelAsync();
                    return;
                }
            }
        }
    }
}
