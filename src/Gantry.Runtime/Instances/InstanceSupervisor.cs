using System.Collections.Immutable;
using Gantry.Runtime.Health;
using Gantry.Runtime.Logs;

namespace Gantry.Runtime.Instances;

/// <summary>
/// Keeps one instance alive, like the kubelet does for a pod: starts it, probes readiness and liveness, restarts it with
/// exponential backoff when it exits, and publishes an immutable <see cref="InstanceStatus"/> on every change.
/// </summary>
public sealed class InstanceSupervisor : IAsyncDisposable
{
    private const int LastLogLineCount = 20;
    private const int StartFailureExitCode = 127; // what a shell reports for "command not found"

    // Liveness restarts and DisposeAsync have no caller-given grace period.
    private static readonly TimeSpan LivenessRestartGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumCpuInterval = TimeSpan.FromMilliseconds(100);

    private readonly IInstanceDriver _driver;
    private readonly InstanceSpec _spec;
    private readonly ProbeDefinition? _readiness;
    private readonly ProbeDefinition? _liveness;
    private readonly RestartPolicy _restartPolicy;
    private readonly InstanceLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private InstanceStatus _status;
    private Task _loop = Task.CompletedTask;
    private bool _started;
    private bool _stopRequested;
    private TimeSpan _stopGrace;
    private IRunningInstance? _adopted;
    private IRunningInstance? _running;
    private UsageSample? _lastUsage;

    public InstanceSupervisor(IInstanceDriver driver, InstanceSpec spec, HealthChecks checks, RestartPolicy restartPolicy, InstanceLog log, TimeProvider time, ILogger logger)
    {
        _driver = driver;
        _spec = spec;
        _readiness = checks.Readiness ?? DefaultReadiness(spec);
        _liveness = checks.Liveness;
        _restartPolicy = restartPolicy;
        _log = log;
        _time = time;
        _logger = logger;
        _status = new InstanceStatus(
            spec.InstanceId, spec.App, spec.Workload, spec.Release, InstancePhase.Starting, Ready: false,
            ImmutableDictionary<int, int>.Empty, ProcessId: null, Restarts: 0, LastExit: null, LastProbe: null, ReadinessHint: null,
            StartedAt: null, NextRestartAt: null, LastLogLines: []);
    }

    /// <summary>Raised on every change, in order, on the thread that made it; handlers must be quick and must not block.</summary>
    public event Action<InstanceStatus>? Changed;

    public InstanceStatus Status => Volatile.Read(ref _status);

    /// <summary>Starts the instance and keeps it running until <see cref="StopAsync"/>. Calling it again does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started || _stopRequested)
            {
                return;
            }

            _started = true;
            _loop = Task.Run(SuperviseAsync);
        }
    }

    /// <summary>
    /// Supervises an instance that already runs (one a previous Gantry started and that outlived it) without starting
    /// it again; afterwards everything is as after <see cref="Start"/>, and a crash restarts it through the driver.
    /// </summary>
    public void Adopt(IRunningInstance running)
    {
        lock (_lock)
        {
            if (_started || _stopRequested)
            {
                throw new InvalidOperationException($"instance {_spec.InstanceId} is already supervised");
            }

            _adopted = running;
            _started = true;
            _loop = Task.Run(SuperviseAsync);
        }
    }

    /// <summary>Stops restarting, stops the instance (SIGTERM, SIGKILL after <paramref name="gracePeriod"/>) and ends in <see cref="InstancePhase.Stopped"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        Task loop;
        bool first;
        lock (_lock)
        {
            first = !_stopRequested;
            if (first)
            {
                _stopRequested = true;
                _stopGrace = gracePeriod;
            }

            loop = _loop;
        }

        if (first)
        {
            // Asynchronously: the loop's continuations must not run inside a caller's Changed handler.
            await _stopping.CancelAsync();
        }

        await loop.WaitAsync(cancellationToken);
        Update(s => s with { Phase = InstancePhase.Stopped, Ready = false, NextRestartAt = null });
    }

    /// <summary>
    /// What the running instance uses now: memory, and CPU as a share of one core since the previous call at least 100 ms
    /// earlier (null on the first call after a start). Null when nothing runs.
    /// </summary>
    public async Task<ResourceUsage?> UsageAsync(CancellationToken cancellationToken)
    {
        var running = Volatile.Read(ref _running);
        if (running is null || running.Exited.IsCompleted || await running.SampleUsageAsync(cancellationToken) is not { } sample)
        {
            return null;
        }

        // A baseline younger than the minimum interval is kept, so that callers polling fast still get a CPU figure.
        var previous = Volatile.Read(ref _lastUsage);
        var elapsed = previous is null ? TimeSpan.Zero : sample.At - previous.At;
        var measurable = elapsed >= MinimumCpuInterval;
        if (previous is null || measurable || sample.CpuTime < previous.CpuTime)
        {
            Interlocked.CompareExchange(ref _lastUsage, sample, previous);
        }

        double? cpu = measurable && sample.CpuTime >= previous!.CpuTime
            ? Math.Round(100 * (sample.CpuTime - previous.CpuTime) / elapsed, 1)
            : null;
        return new ResourceUsage(cpu, sample.MemoryBytes);
    }

    /// <summary>Completes with the first status (the current one included) that satisfies <paramref name="predicate"/>.</summary>
    public async Task<InstanceStatus> WaitAsync(Func<InstanceStatus, bool> predicate, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<InstanceStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(InstanceStatus status)
        {
            try
            {
                if (predicate(status))
                {
                    found.TrySetResult(status);
                }
            }
            catch (Exception e)
            {
                found.TrySetException(e);
            }
        }

        Changed += OnChanged;
        try
        {
            OnChanged(Status);
            return await found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Changed -= OnChanged;
        }
    }

    /// <summary>Stops the instance at once (SIGKILL) unless <see cref="StopAsync"/> already stopped it.</summary>
    public async ValueTask DisposeAsync() =>
        // _stopping is left undisposed: it has no timer or wait handle, and a late StopAsync must still work.
        await StopAsync(TimeSpan.Zero, CancellationToken.None);

    private async Task SuperviseAsync()
    {
        var stopping = _stopping.Token;
        var delay = _restartPolicy.InitialDelay;
        try
        {
            for (var run = 0; !stopping.IsCancellationRequested; run++)
            {
                var restarts = run;
                Update(s => s with { Phase = InstancePhase.Starting, Restarts = restarts, NextRestartAt = null });
                var startedAt = _time.GetUtcNow();
                var (exit, reason) = await RunOnceAsync(stopping);
                if (exit is null || stopping.IsCancellationRequested)
                {
                    break;
                }

                if (_time.GetUtcNow() - startedAt >= _restartPolicy.StableAfter)
                {
                    delay = _restartPolicy.InitialDelay;
                }

                var lastLines = _log.Tail(LastLogLineCount).Select(l => l.Text).ToImmutableArray();
                _log.Write("gantry", $"{reason}; restarting in {ProbeRunner.Seconds(delay)}");
                InstanceSupervisorLog.Restarting(_logger, _spec.InstanceId, reason, delay);
                var next = _time.GetUtcNow() + delay;
                Update(s => s with
                {
                    Phase = InstancePhase.CrashLoopBackOff, Ready = false, ProcessId = null, HostPorts = ImmutableDictionary<int, int>.Empty,
                    LastExit = exit, LastLogLines = lastLines, NextRestartAt = next,
                });
                await Task.Delay(delay, _time, stopping);
                delay = delay >= _restartPolicy.MaxDelay / 2 ? _restartPolicy.MaxDelay : delay * 2;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopped during a backoff
        }
        catch (Exception e)
        {
            InstanceSupervisorLog.SupervisionFailed(_logger, e, _spec.InstanceId);
        }
        finally
        {
            Update(s => s with
            {
                Phase = InstancePhase.Stopped, Ready = false, ProcessId = null, HostPorts = ImmutableDictionary<int, int>.Empty, NextRestartAt = null,
            });
            InstanceSupervisorLog.Stopped(_logger, _spec.InstanceId);
        }
    }

    /// <summary>Starts the instance and waits until it exits, fails liveness or is stopped; returns how it ended and why (null exit: stopped).</summary>
    private async Task<(InstanceExit? Exit, string Reason)> RunOnceAsync(CancellationToken stopping)
    {
        IRunningInstance instance;
        try
        {
            instance = Interlocked.Exchange(ref _adopted, null) ?? await _driver.StartAsync(_spec, _log, CancellationToken.None);
        }
        catch (Exception e)
        {
            if (e is not InstanceStartException)
            {
                InstanceSupervisorLog.StartFailedUnexpectedly(_logger, e, _spec.InstanceId);
            }

            _log.Write("gantry", $"failed to start: {e.Message}");
            return (new InstanceExit(StartFailureExitCode, null, _time.GetUtcNow()), "failed to start");
        }

        await using (instance)
        {
            Volatile.Write(ref _running, instance);
            var hostPorts = instance.HostPorts.ToImmutableDictionary();
            Update(s => s with
            {
                Phase = InstancePhase.Running, Ready = _readiness is null, HostPorts = hostPorts, ProcessId = instance.ProcessId,
                StartedAt = _time.GetUtcNow(), NextRestartAt = null, LastProbe = null, ReadinessHint = null,
            });

            using var probing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var readiness = _readiness is null
                ? Task.CompletedTask
                : ProbeLoops.ReadinessAsync(instance, _readiness, _time, (result, failing, hint) => OnReadiness(instance, result, failing, hint), probing.Token);
            var liveness = _liveness is null
                ? Task.FromResult<string?>(null)
                : ProbeLoops.LivenessAsync(instance, _liveness, _time, probing.Token);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (stopping.Register(() => stopped.TrySetResult()))
            {
                await Task.WhenAny(instance.Exited, _liveness is null ? stopped.Task : liveness, stopped.Task);
            }

            await probing.CancelAsync();
            await Task.WhenAll(readiness, liveness);
            Update(s => s with { Ready = false, Phase = stopping.IsCancellationRequested ? InstancePhase.Stopping : s.Phase });

            if (stopping.IsCancellationRequested)
            {
                await instance.StopAsync(_stopGrace, CancellationToken.None);
                return (null, "stopped");
            }

            var unhealthy = false;
            if (await liveness is { } probe && !instance.Exited.IsCompleted)
            {
                InstanceSupervisorLog.LivenessFailed(_logger, _spec.InstanceId, probe);
                _log.Write("gantry", $"liveness probe failed {_liveness!.FailureThreshold} times in a row ({probe}); stopping it");
                await instance.StopAsync(LivenessRestartGrace, CancellationToken.None);
                unhealthy = true;
            }

            var exit = await instance.Exited;
            return unhealthy ? (exit with { FailedLiveness = true }, "failed its liveness probe and " + exit.Describe()) : (exit, exit.Describe());
        }
    }

    private void OnReadiness(IRunningInstance instance, ProbeResult result, bool failing, string? hint) => Update(s => s with
    {
        // Ready only while running: an exit or a stop clears it, and a late probe result must not set it again.
        Ready = s.Phase == InstancePhase.Running && !instance.Exited.IsCompleted && (result.Success || (s.Ready && !failing)),
        LastProbe = result.Description,
        ReadinessHint = hint,
    });

    private void Update(Func<InstanceStatus, InstanceStatus> change)
    {
        lock (_lock)
        {
            var current = _status;
            var next = change(current);
            if (next == current)
            {
                return;
            }

            Volatile.Write(ref _status, next);
            try
            {
                Changed?.Invoke(next);
            }
            catch (Exception e)
            {
                InstanceSupervisorLog.HandlerFailed(_logger, e, _spec.InstanceId);
            }
        }
    }

    /// <summary>Without a readiness probe, an instance with ports is ready once its first port accepts connections.</summary>
    private static ProbeDefinition? DefaultReadiness(InstanceSpec spec) => spec.ContainerPorts.IsDefaultOrEmpty
        ? null
        : new ProbeDefinition(ProbeKind.Tcp, spec.ContainerPorts[0], "", "HTTP", null, [], [], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), FailureThreshold: 3);
}
