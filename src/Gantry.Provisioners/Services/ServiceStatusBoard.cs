namespace Gantry.Provisioners.Services;

/// <summary>The current <see cref="ServiceStatus"/> of one server, changed atomically; <see cref="ServiceStatus.Since"/> moves with the state.</summary>
internal sealed class ServiceStatusBoard(string name)
{
    private readonly Lock _lock = new();
    private ServiceStatus _status = new(name, ServiceState.Stopped, null, 0, null, false, DateTimeOffset.UtcNow, null, false);

    public event EventHandler<ServiceStatus>? Changed;

    public ServiceStatus Current
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    public void Update(object sender, Func<ServiceStatus, ServiceStatus> change)
    {
        ServiceStatus updated;
        lock (_lock)
        {
            var previous = _status;
            updated = change(previous);
            if (updated.State != previous.State)
            {
                updated = updated with { Since = DateTimeOffset.UtcNow };
            }

            _status = updated;
        }

        Changed?.Invoke(sender, updated);
    }

    /// <summary>Waits until the server is ready (another caller is starting or restarting it); throws when it is stopped or not ready in time.</summary>
    public async Task<ServiceStatus> WaitReadyAsync(TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Current is { Ready: false } status)
        {
            if (DateTime.UtcNow > deadline || status.State is ServiceState.Stopped or ServiceState.Detached)
            {
                throw new ServiceStartException($"{status.Name} is not ready ({status.State}): {status.Error ?? "no reason known yet"}");
            }

            await Task.Delay(pollInterval, cancellationToken);
        }

        return Current;
    }
}
