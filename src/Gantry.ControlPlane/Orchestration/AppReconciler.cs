using System.Collections.Immutable;
using System.Threading.Channels;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Store;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Drives one app's instances toward its desired state, level-triggered: each pass reads the store, compares it
/// with what runs, and takes the next safe step. Any pass can be interrupted (even by a crash of Gantry) and the
/// next one picks up from what it finds.
/// </summary>
public sealed partial class AppReconciler : IAsyncDisposable
{
    private static readonly TimeSpan IdlePeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ActivePeriod = TimeSpan.FromMilliseconds(500);

    private readonly string _app;
    private readonly OrchestratorServices _services;
    private readonly ILogger _logger;
    private readonly InstanceSet _instances;
    private readonly ReleasePreparer _releases;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _restored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StartGate _gate = new();
    private Task _loop = Task.CompletedTask;
    private int? _rolloutTarget;
    private DateTimeOffset _deadline;
    private bool _servedSinceStart;
    private bool _busy;
    private int _disposed;
    private readonly InstanceAdopter _adopter;

    /// <param name="adoptable">Instances of this app that a previous Gantry left running (containers): adopted on the first pass if a release still wants them, removed otherwise.</param>
    public AppReconciler(string app, OrchestratorServices services, ILogger logger, IReadOnlyList<ExistingInstance> adoptable)
    {
        _app = app;
        _services = services;
        _logger = logger;
        _instances = new InstanceSet(app, services, logger, Wake);
        _releases = new ReleasePreparer(app, services.Builder, services.Secrets, services.Time);
        _adopter = new InstanceAdopter(app, _instances, services.Instances, _releases, logger, adoptable);
    }

    /// <summary>Completes once the app was deleted and its instances are gone.</summary>
    public Task Removed => _removed.Task;

    /// <summary>
    /// Completes once what served before this control plane started serves again (adopted or started anew), or it
    /// is known that it will not (no release, a failed rebuild, its deadline passed, the app deleted, Gantry stopping).
    /// </summary>
    public Task Restored => _restored.Task;

    /// <summary>CPU and memory of each running instance, by instance id.</summary>
    public async Task<IReadOnlyDictionary<string, ResourceUsage>> UsageAsync(CancellationToken cancellationToken)
    {
        var usage = new Dictionary<string, ResourceUsage>(StringComparer.Ordinal);
        foreach (var instance in _instances.All)
        {
            if (await instance.Supervisor.UsageAsync(cancellationToken) is { } sample)
            {
                usage[instance.Id] = sample;
            }
        }

        return usage;
    }

    /// <summary>The release serving now, built: what the app's scheduled jobs run; null until it first converged.</summary>
    public ReleaseBuild? Serving { get; private set; }

    public AppRuntimeView View => new(_app, _services.Instances.RuntimeName, [.. _instances.All.Select(i => i.Status)]);

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Asks for a pass soon: the desired state or an instance changed.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _restored.TrySetResult();
        await _instances.StopAllAsync(drain: false, "Gantry is stopping");
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!await ReconcileOnceAsync(cancellationToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(_logger, _app, ex);
            }

            using var period = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            period.CancelAfter(_busy ? ActivePeriod : IdlePeriod);
            try
            {
                await _wake.Reader.ReadAsync(period.Token);
            }
            catch (OperationCanceledException)
            {
                // The period elapsed (a pass also runs on a timer, so a missed wake-up only delays, never stalls), or we are stopping.
            }
        }
    }

    /// <summary>One pass; false once the app no longer exists.</summary>
    private async Task<bool> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var state = await _services.Ledger.LoadAsync(_app, cancellationToken);
        if (state is null)
        {
            _restored.TrySetResult();
            await RemoveAsync();
            return false;
        }

        // After a restart of Gantry, first bring back what served before, then resume any rollout.
        var target = !_servedSinceStart && state.Current is not null ? state.Current : state.Desired;
        if (target is null)
        {
            MarkServed();
            _busy = false;
            await _instances.RemoveAllAsync("the app has no release to serve");
            _instances.PublishRoutes(ImmutableArray<WorkloadSpec>.Empty);
            return true;
        }

        var rollingOut = target.Number != state.Current?.Number;
        if (await PrepareAsync(state, target, rollingOut, cancellationToken) is not { } build)
        {
            return true;
        }

        if (_adopter.Pending)
        {
            await _adopter.AdoptAsync(state, build, cancellationToken);
        }

        // A build can take minutes: if another release was asked for meanwhile, act on that instead.
        if (rollingOut && (await _services.Ledger.LoadAsync(_app, cancellationToken))?.Desired?.Number != target.Number)
        {
            Wake();
            return true;
        }

        await BeginIfNewTargetAsync(target.Number, build.Spec, rollingOut, cancellationToken);
        var converged = Step(state, build, rollingOut);
        await _gate.AnnounceAsync(_services.Events, _app, build.Release, cancellationToken);
        _busy = !converged;
        if (converged)
        {
            await ConvergedAsync(state, build, rollingOut, cancellationToken);
        }
        else if (_services.Time.GetUtcNow() > _deadline)
        {
            await DeadlinePassedAsync(build, rollingOut, cancellationToken);
        }

        return true;
    }

    /// <summary>The app was deleted: take it out of the gateway first (404, not errors), let requests finish, stop everything.</summary>
    private async Task RemoveAsync()
    {
        _instances.Retire();
        _services.Routes.Remove(_app);
        await _instances.StopAllAsync(drain: true, "the app was deleted");
        _removed.TrySetResult();
    }

    private async Task<ReleaseBuild?> PrepareAsync(DesiredState state, ReleaseRecord target, bool rollingOut, CancellationToken cancellationToken)
    {
        var building = rollingOut && !_releases.IsBuilt(target.Number);
        if (building)
        {
            await _services.Ledger.SetStatusAsync(_app, target.Number, ReleaseStatus.Building, cancellationToken);
        }

        var (outcome, newer) = building
            ? await SupersededBuild.PrepareAsync(_releases, target, _services.Ledger, _app, cancellationToken)
            : (await _releases.PrepareAsync(target, cancellationToken), null);
        if (outcome is null)
        {
            await _services.Events.WriteAsync(_app, target.Number, "build.cancelled", $"build cancelled: release {newer} was deployed meanwhile", cancellationToken: cancellationToken);
            Wake();
            return null;
        }

        if (outcome.Failure is not { } failure)
        {
            return outcome.Build;
        }

        if (rollingOut)
        {
            await FailAsync(target.Number, $"build failed: {failure}", cancellationToken);
            return null;
        }

        await _services.Events.WriteAsync(_app, target.Number, "build.failed",
            $"rebuilding the serving release failed (retrying in {outcome.RetryIn.TotalSeconds:0}s): {failure}", cancellationToken: cancellationToken);
        if (!_servedSinceStart && state.Desired?.Number != target.Number)
        {
            // What served before a restart cannot come back: go on to the release that is asked for.
            MarkServed();
            Wake();
        }

        return null;
    }

    private async Task BeginIfNewTargetAsync(int release, AppSpec spec, bool rollingOut, CancellationToken cancellationToken)
    {
        if (_rolloutTarget == release)
        {
            return;
        }

        _rolloutTarget = release;
        _gate.Reset();
        _deadline = _services.Time.GetUtcNow() + spec.Workloads.Select(w => w.Rollout.ReadyTimeout).DefaultIfEmpty(RolloutSpec.Default.ReadyTimeout).Max();
        if (rollingOut)
        {
            await _services.Ledger.SetStatusAsync(_app, release, ReleaseStatus.RollingOut, cancellationToken);
            await _services.Events.WriteAsync(_app, release, "rollout.started", $"rolling out release {release}", cancellationToken: cancellationToken);
        }
    }

    /// <summary>Starts and stops instances as the rollout planner says, per workload; true when everything has converged.</summary>
    private bool Step(DesiredState state, ReleaseBuild build, bool rollingOut)
    {
        var converged = true;
        _gate.BeginPass();
        foreach (var workload in build.Spec.Workloads)
        {
            if (!_gate.MayStart(workload, _instances))
            {
                converged = false;
                continue;
            }

            var replicas = rollingOut && workload.Replicas is int asked
                ? asked
                : state.Formation.TryGetValue(workload.Name, out var scaled) ? scaled : workload.Replicas ?? 1;
            var views = _instances.All.Where(i => i.Workload.Name == workload.Name).Select(_instances.ViewOf).ToList();
            var plan = RolloutPlanner.Plan(build.Release, replicas, workload.Rollout, views);
            foreach (var id in plan.Remove)
            {
                _instances.Remove(id, "replaced by a newer release or scaled down");
            }

            for (var i = 0; i < plan.StartNew; i++)
            {
                _instances.Start(build, workload);
            }

            converged &= plan.Converged;
        }

        // Workloads the release no longer has keep serving until everything it does have is ready.
        var names = build.Spec.Workloads.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var orphans = _instances.All.Where(i => !names.Contains(i.Workload.Name)).ToList();
        if (converged)
        {
            foreach (var orphan in orphans)
            {
                _instances.Remove(orphan.Id, "its workload is no longer in the release");
            }
        }

        _instances.PublishRoutes(build.Spec.Workloads, build.Spec.MaxConcurrentRequests);
        return converged && orphans.Count == 0;
    }

    private async Task ConvergedAsync(DesiredState state, ReleaseBuild build, bool rollingOut, CancellationToken cancellationToken)
    {
        Serving = build;
        if (rollingOut)
        {
            await _services.Drains.ServedEverywhereAsync(cancellationToken);

            // The event before the status: whoever sees the release succeeded finds how it went live (deploy --wait
            // prints its events until the status is final, and once missed "traffic shifted" written a moment later).
            await _instances.EventsWritten;
            await _services.Events.WriteAsync(_app, build.Release, "release.succeeded", $"traffic shifted: release {build.Release} is live", cancellationToken: cancellationToken);
            await _services.Ledger.MarkSucceededAsync(_app, build.Release, build.Spec, cancellationToken);
            _releases.KeepOnly(build.Release);
        }

        if (!_servedSinceStart)
        {
            MarkServed();
            if (state.Desired?.Number != build.Release)
            {
                Wake();
            }
        }
    }

    private async Task DeadlinePassedAsync(ReleaseBuild build, bool rollingOut, CancellationToken cancellationToken)
    {
        if (rollingOut)
        {
            var timeout = build.Spec.Workloads.Select(w => w.Rollout.ReadyTimeout).Max();
            var reason = _gate.Explain(FailureExplainer.Explain([.. _instances.All.Where(i => i.Release == build.Release).Select(i => i.Status)], timeout));
            await FailAsync(build.Release, reason, cancellationToken);
        }
        else if (!_servedSinceStart)
        {
            // What served before a restart does not come back: move on to the desired release rather than wait forever.
            MarkServed();
            Wake();
        }
    }

    private void MarkServed()
    {
        _servedSinceStart = true;
        _restored.TrySetResult();
    }

    private async Task FailAsync(int release, string reason, CancellationToken cancellationToken)
    {
        await _services.Ledger.MarkFailedAsync(_app, release, reason, cancellationToken);
        await _instances.EventsWritten;
        await _services.Events.WriteAsync(_app, release, "release.failed", $"release {release} failed: {reason}", cancellationToken: cancellationToken);
        _releases.Forget(release);
        _rolloutTarget = null;
        Wake();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Reconciling app {App} failed; retrying")]
    private static partial void LogPassFailed(ILogger logger, string app, Exception exception);
}
