using Gantry.Gateway.Config;

namespace Gantry.Gateway.Policies;

/// <summary>
/// The circuit of one workload: closed while it answers; open (503 at once) after too many failures; half-open after
/// the break, when one probe request may pass and its outcome closes or reopens the circuit.
/// </summary>
public sealed class CircuitBreaker(string app, string workload, ILogger logger)
{
    private readonly Lock _lock = new();
    private CircuitBreakerConfig? _spec;
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private long _windowStartMs = Environment.TickCount64;
    private int _windowRequests;
    private int _windowFailures;
    private long _openUntilMs;
    private bool _probeInFlight;
    private string _reason = "";

    public string App { get; } = app;

    public string Workload { get; } = workload;

    public CircuitState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    internal void Configure(CircuitBreakerConfig spec) => Volatile.Write(ref _spec, spec);

    /// <summary>False while open (or while the half-open probe is out): <paramref name="reason"/> says why, <paramref name="retryAfter"/> when to try again.</summary>
    public bool TryEnter(out string reason, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = Environment.TickCount64;
            if (_state == CircuitState.Open && now >= _openUntilMs)
            {
                _state = CircuitState.HalfOpen;
            }

            if (_state == CircuitState.Closed || (_state == CircuitState.HalfOpen && !_probeInFlight))
            {
                _probeInFlight = _state == CircuitState.HalfOpen;
                reason = "";
                retryAfter = TimeSpan.Zero;
                return true;
            }

            reason = _reason;
            retryAfter = TimeSpan.FromMilliseconds(Math.Max(1000, _openUntilMs - now));
            return false;
        }
    }

    /// <summary>The outcome of a request that <see cref="TryEnter"/> let through.</summary>
    public void Record(bool failed)
    {
        var spec = Volatile.Read(ref _spec);
        if (spec is null)
        {
            return;
        }

        string? opened = null;
        var closed = false;
        lock (_lock)
        {
            var now = Environment.TickCount64;
            if (_state == CircuitState.HalfOpen)
            {
                _probeInFlight = false;
                if (failed)
                {
                    opened = Open(now, spec, "the probe request after the break failed too");
                }
                else
                {
                    _state = CircuitState.Closed;
                    _consecutiveFailures = 0;
                    ResetWindow(now);
                    closed = true;
                }
            }
            else if (_state == CircuitState.Closed)
            {
                opened = Count(now, spec, failed);
            }
        }

        if (opened is not null)
        {
            PolicyLog.CircuitOpened(logger, App, Workload, opened);
        }
        else if (closed)
        {
            PolicyLog.CircuitClosed(logger, App, Workload);
        }
    }

    private string? Count(long now, CircuitBreakerConfig spec, bool failed)
    {
        if (now - _windowStartMs > spec.Window.TotalMilliseconds)
        {
            ResetWindow(now);
        }

        _windowRequests++;
        _consecutiveFailures = failed ? _consecutiveFailures + 1 : 0;
        if (failed)
        {
            _windowFailures++;
        }

        if (spec.ConsecutiveFailures is { } limit && _consecutiveFailures >= limit)
        {
            return Open(now, spec, $"{_consecutiveFailures} requests in a row failed");
        }

        if (spec.FailureRatio is { } ratio && _windowRequests >= spec.MinimumRequests && _windowFailures >= ratio * _windowRequests)
        {
            return Open(now, spec, $"{_windowFailures} of the last {_windowRequests} requests failed");
        }

        return null;
    }

    private string Open(long now, CircuitBreakerConfig spec, string why)
    {
        _state = CircuitState.Open;
        _openUntilMs = now + (long)spec.BreakFor.TotalMilliseconds;
        _reason = $"workload '{Workload}' of app '{App}' is failing ({why}); the gateway holds requests back for {spec.BreakFor.TotalSeconds:0.#}s";
        _consecutiveFailures = 0;
        ResetWindow(now);
        return why;
    }

    private void ResetWindow(long now)
    {
        _windowStartMs = now;
        _windowRequests = 0;
        _windowFailures = 0;
    }
}
