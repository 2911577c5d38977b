
namespace Gantry.Gateway.Policies;

/// <summary>Loads the quota counters at start, saves them every second and once more on stop.</summary>
internal sealed class QuotaSaver(RateCounterStore store) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.Load();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            for (var tick = 1L; await timer.WaitForNextTickAsync(stoppingToken); tick++)
            {
                // Once a minute even without changes, so kept day counts of past days are dropped.
                store.Save(force: tick % 60 == 0);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        store.Save(force: true);
    }
}
