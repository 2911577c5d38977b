namespace Gantry.Provisioners.Services;

/// <summary>Runs one platform server and keeps it running: on this machine (<see cref="ProcessServiceHost"/>) or as a container (<see cref="ContainerServiceHost"/>).</summary>
public interface IServiceHost : IAsyncDisposable
{
    ServiceStatus Status { get; }

    /// <summary>Returns once the server runs and is ready (started, or adopted from an earlier Gantry); throws <see cref="ServiceStartException"/> saying why it cannot be.</summary>
    Task<ServiceStatus> EnsureRunningAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the server; its data stays.</summary>
    Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default);
}
