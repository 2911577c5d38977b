using Gantry.Provisioners.Steps;
using Gantry.Provisioners.Unix;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Provisioners.Services;

/// <summary>
/// Runs one platform server on this machine from its <see cref="ServicePlan"/>: initializes its data once, starts it
/// detached from Gantry (or adopts the one an earlier Gantry left running), waits until it is ready, and restarts it
/// with backoff when it exits. One host per service; its methods may be called concurrently.
/// </summary>
public sealed class ProcessServiceHost : IServiceHost
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan GroupExitWait = TimeSpan.FromSeconds(10);

    private readonly StepRunner _steps;
    private readonly ILogger _logger;

    // One start, restart or stop at a time.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ServiceStatusBoard _status;
    private ServiceProcess? _process;
    private CancellationTokenSource? _supervision;
    private Task? _loop;

    public ProcessServiceHost(ServicePlan plan, StepRunner steps, ILogger<ProcessServiceHost> logger)
    {
        Plan = plan;
        _steps = steps;
        _logger = logger;
        _status = new ServiceStatusBoard(plan.Name);
    }

    public ServicePlan Plan { get; }

    public ServiceStatus Status => _status.Current;

    /// <summary>Raised after every change of <see cref="Status"/> (on the thread that made it).</summary>
    public event EventHandler<ServiceStatus>? StatusChanged
    {
        add => _status.Changed += value;
        remove => _status.Changed -= value;
    }

    /// <summary>
    /// Returns once the server runs and is ready: initialized and started, or adopted, on the first call; supervised from
    /// then on. Throws <see cref="ServiceStartException"/> with the reason (and the server's log tail) when it cannot be.
    /// </summary>
    public async Task<ServiceStatus> EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loop is null)
            {
                var process = await StartOrAdoptAsync(cancellationToken);
                _supervision = new CancellationTokenSource();
                var stop = _supervision.Token;
                _loop = Task.Run(() => SuperviseAsync(process, stop), CancellationToken.None);
                return Status;
            }
        }
        finally
        {
            _gate.Release();
        }

        // Supervised already, perhaps between restarts: wait for it as for a first start.
        return await _status.WaitReadyAsync(Plan.StartTimeout, ReadyPollInterval, cancellationToken);
    }

    /// <summary>Stops the server (its stop signal, then SIGKILL to its process group after <paramref name="gracePeriod"/>) and removes its pid file; an adopted server too.</summary>
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        CancelSupervision();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await EndSupervisionAsync();
            var process = _process ?? TryAdopt(User);
            if (process is not null)
            {
                if (process.IsAlive)
                {
                    Update(s => s with { State = ServiceState.Stopping });
                    ProcessServiceHostLog.Stopping(_logger, Plan.Name, process.Pid);
                    process.Signal(Plan.StopSignal);
                    try
                    {
                        if (!await process.WaitGoneAsync(gracePeriod, cancellationToken))
                        {
                            ProcessServiceHostLog.StopTimedOut(_logger, Plan.Name, process.Pid, gracePeriod);
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        // The caller stops waiting: the server must not outlive that half-stopped.
                        await process.KillGroupAsync(GroupExitWait);
                        throw;
                    }
                }

                await process.KillGroupAsync(GroupExitWait);
                ServicePidFile.Delete(Plan.PidFile, process.Pid);
            }

            _process = null;
            Update(s => s with { State = ServiceState.Stopped, Pid = null, Ready = false, Error = null, Adopted = false });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops watching the server and leaves it running, its pid file in place, for the next Gantry to adopt.</summary>
    public async Task DetachAsync()
    {
        CancelSupervision();
        await _gate.WaitAsync();
        try
        {
            await EndSupervisionAsync();
            if (_process is { IsAlive: true } process)
            {
                ProcessServiceHostLog.Detached(_logger, Plan.Name, process.Pid);
            }

            _process = null;
            Update(s => s with { State = s.State is ServiceState.Stopped or ServiceState.Failed ? s.State : ServiceState.Detached });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Leaves the server running (<see cref="DetachAsync"/>); call <see cref="StopAsync"/> first to stop it.</summary>
    public async ValueTask DisposeAsync() => await DetachAsync();

    private async Task<ServiceProcess> StartOrAdoptAsync(CancellationToken cancellationToken)
    {
        try
        {
            var user = User();
            var setup = new ServiceSetup(Plan, _steps, user);
            setup.PrepareFolders();
            if (TryAdopt(() => user) is { } adopted)
            {
                _process = adopted;
                ProcessServiceHostLog.Adopted(_logger, Plan.Name, adopted.Pid);
                Update(s => s with { State = ServiceState.Starting, Pid = adopted.Pid, Adopted = true, Error = null });
                await WaitUntilReadyAsync(adopted, ServiceLogTail.Length(Plan.LogFile), cancellationToken);
                return adopted;
            }

            return await InitializeAndLaunchAsync(setup, cancellationToken);
        }
        catch (Exception e) when (e is StepFailedException or IOException or UnauthorizedAccessException)
        {
            var failure = new ServiceStartException($"{Plan.Name}: {e.Message}", e);
            Update(s => s with { State = ServiceState.Failed, Pid = null, Ready = false, Error = failure.Message });
            throw failure;
        }
        catch (ServiceStartException e)
        {
            Update(s => s with { State = ServiceState.Failed, Pid = _process?.IsAlive == true ? s.Pid : null, Ready = false, Error = e.Message });
            throw;
        }
    }

    private async Task<ServiceProcess> InitializeAndLaunchAsync(ServiceSetup setup, CancellationToken cancellationToken)
    {
        Update(s => s with { State = ServiceState.Initializing, Pid = null, Adopted = false });
        if (await setup.EnsureInitializedAsync(cancellationToken))
        {
            ProcessServiceHostLog.Initialized(_logger, Plan.Name, Plan.DataDirectory);
        }

        var launch = ChildLaunch.ForServer(Plan.Run, Plan.User, Plan.PathFolders, Plan.Environment, Plan.Package, Plan.LogFile);
        var logStart = ServiceLogTail.Length(Plan.LogFile);
        var process = ServiceProcess.Start(launch);
        _process = process;
        if (process.StartTime != 0)
        {
            ServicePidFile.Write(Plan.PidFile, process);
        }

        ProcessServiceHostLog.Started(_logger, Plan.Name, launch.Program, process.Pid);
        Update(s => s with { State = ServiceState.Starting, Pid = process.Pid, Adopted = false, Error = null });
        try
        {
            await WaitUntilReadyAsync(process, logStart, cancellationToken);
            return process;
        }
        catch
        {
            // Never leave behind a server that did not get ready: the next start would find its port and lock taken.
            process.Signal(Signals.SigKill);
            await process.KillGroupAsync(GroupExitWait);
            ServicePidFile.Delete(Plan.PidFile, process.Pid);
            _process = null;
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(ServiceProcess process, long logStart, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Plan.StartTimeout;
        while (true)
        {
            if (!process.IsAlive)
            {
                var exit = await process.WaitForExitAsync(cancellationToken);
                throw new ServiceStartException($"{Plan.Name} {exit.Description} while starting{ServiceLogTail.Since(Plan.LogFile, logStart, Secrets)}");
            }

            var (ready, detail) = await ReadyCheck.RunAsync(Plan, _steps, cancellationToken);
            if (ready)
            {
                ProcessServiceHostLog.Ready(_logger, Plan.Name, process.Pid);
                Update(s => s with { State = ServiceState.Running, Ready = true, Error = null });
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ServiceStartException(
                    $"{Plan.Name} was not ready within {Durations.Format(Plan.StartTimeout)}: {detail}{ServiceLogTail.Since(Plan.LogFile, logStart, Secrets)}");
            }

            await Task.Delay(ReadyPollInterval, cancellationToken);
        }
    }

    private async Task SuperviseAsync(ServiceProcess? process, CancellationToken stop)
    {
        var backoff = FirstBackoff;
        try
        {
            while (true)
            {
                if (process is not null)
                {
                    var exit = await WatchAsync(process, stop);
                    await process.KillGroupAsync(GroupExitWait);
                    ServicePidFile.Delete(Plan.PidFile, process.Pid);
                    if (DateTimeOffset.UtcNow - process.StartedAt > MaxBackoff)
                    {
                        backoff = FirstBackoff; // it ran fine for a while: this is a new failure, not a crash loop
                    }

                    var description = exit.Description;
                    ProcessServiceHostLog.Exited(_logger, Plan.Name, process.Pid, description, backoff);
                    Update(s => s with { State = ServiceState.BackingOff, Pid = null, Ready = false, LastExit = exit, Adopted = false, Error = $"it {exit.Description}" });
                }

                await Task.Delay(backoff, stop);
                var delay = backoff;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                process = await RestartAsync(delay, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped or detached.
        }
    }

    /// <summary>Starts the server again; null when that failed (the loop tries again later).</summary>
    private async Task<ServiceProcess?> RestartAsync(TimeSpan delay, CancellationToken stop)
    {
        await _gate.WaitAsync(stop);
        try
        {
            Update(s => s with { Restarts = s.Restarts + 1 });
            return await InitializeAndLaunchAsync(new ServiceSetup(Plan, _steps, User()), stop);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            var next = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
            ProcessServiceHostLog.RestartFailed(_logger, Plan.Name, next, e.Message);
            Update(s => s with { State = ServiceState.BackingOff, Pid = null, Ready = false, Error = e.Message });
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the server to exit, checking its readiness every <see cref="ServicePlan.HealthInterval"/> meanwhile.</summary>
    private async Task<ServiceExit> WatchAsync(ServiceProcess process, CancellationToken stop)
    {
        var exited = process.WaitForExitAsync(stop);
        while (true)
        {
            var tick = Task.Delay(Plan.HealthInterval, stop);
            if (await Task.WhenAny(exited, tick) == exited)
            {
                return await exited;
            }

            stop.ThrowIfCancellationRequested();
            try
            {
                var (ready, detail) = await ReadyCheck.RunAsync(Plan, _steps, stop);
                var was = Status.Ready;
                Update(s => s with { Ready = ready, Error = ready ? null : detail });
                if (was && !ready)
                {
                    ProcessServiceHostLog.NotReady(_logger, Plan.Name, detail ?? "");
                }
                else if (!was && ready)
                {
                    ProcessServiceHostLog.ReadyAgain(_logger, Plan.Name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // A check that cannot run says nothing about the server: it stays supervised either way.
                Update(s => s with { Ready = false, Error = e.Message });
            }
        }
    }

    private ServiceProcess? TryAdopt(Func<UnixUser?> user)
    {
        if (ServicePidFile.TryRead(Plan.PidFile) is not { } recorded)
        {
            ServicePidFile.Delete(Plan.PidFile); // unreadable or garbled: it names nothing we could trust
            return null;
        }

        // The start time tells a reused PID apart; the owner keeps a pid file the server's user wrote from naming a process of someone else.
        if (ProcFs.StartTime(recorded.Pid) == recorded.StartTime && ProcessOwner.EffectiveUid(recorded.Pid) == (user()?.Uid ?? UnixUser.CurrentUid))
        {
            return ServiceProcess.Adopt(recorded.Pid, recorded.StartTime);
        }

        ProcessServiceHostLog.StalePidFile(_logger, Plan.Name, recorded.Pid);
        ServicePidFile.Delete(Plan.PidFile);
        return null;
    }

    private UnixUser? User() => ChildLaunch.EffectiveUser(Plan.User, Plan.Package);

    private IEnumerable<string> Secrets => Plan.Secrets.IsDefault ? [] : Plan.Secrets;

    private void CancelSupervision()
    {
        try
        {
            _supervision?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Ended by a concurrent stop.
        }
    }

    /// <summary>Under the gate: waits for the supervision loop to end (it was cancelled) and forgets it.</summary>
    private async Task EndSupervisionAsync()
    {
        var loop = _loop;
        var supervision = _supervision;
        _loop = null;
        _supervision = null;
        if (supervision is null)
        {
            return;
        }

        await supervision.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }

        supervision.Dispose();
    }

    private void Update(Func<ServiceStatus, ServiceStatus> change) => _status.Update(this, change);
}
