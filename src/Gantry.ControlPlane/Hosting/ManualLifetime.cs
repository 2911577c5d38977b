namespace Gantry.ControlPlane.Hosting;

/// <summary>A host lifetime that ignores Ctrl-C: <see cref="GantryServer"/> owns shutdown so it can stop apps before the gateway, in order.</summary>
public sealed class ManualLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
