using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Jobs;

/// <summary>A run that is going: it can be stopped with a reason (replaced by a newer run, Gantry stopping).</summary>
public sealed class ActiveRun(JobRunRecord run) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public JobRunRecord Run { get; } = run;

    public string App => Run.App;

    public string Job => Run.Job;

    public CancellationToken Stopping => _stop.Token;

    /// <summary>Why it was stopped; null while nobody stopped it.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Completes when the run has ended and its record says how.</summary>
    public Task Ended { get; set; } = Task.CompletedTask;

    public void Stop(string reason)
    {
        StopReason ??= reason;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile: nothing left to stop.
        }
    }

    public void Dispose() => _stop.Dispose();
}
