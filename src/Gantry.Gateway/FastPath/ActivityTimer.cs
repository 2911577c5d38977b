namespace Gantry.Gateway.FastPath;

/// <summary>
/// One connection's timeout for "no progress for this long", re-armed before each wait and reused across requests
/// (a cancellation source per wait would allocate on every request).
/// </summary>
internal sealed class ActivityTimer(TimeSpan timeout) : IDisposable
{
    private CancellationTokenSource _source = new();

    public bool Expired => _source.IsCancellationRequested;

    public CancellationToken Arm() => Arm(timeout);

    public CancellationToken Arm(TimeSpan after)
    {
        if (!_source.TryReset())
        {
            _source.Dispose();
            _source = new CancellationTokenSource();
        }

        _source.CancelAfter(after);
        return _source.Token;
    }

    /// <summary>Stops the clock between waits.</summary>
    public void Disarm() => _source.TryReset();

    /// <summary>Ends the current wait now (the connection is asked to close).</summary>
    public void Cancel() => _source.Cancel();

    public void Dispose() => _source.Dispose();
}
