using System.Collections.Concurrent;
using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// One app's instances: starts them, takes them out of traffic before stopping them (drain first), keeps the
/// gateway's routes in step with their readiness, and records what happens to them as events.
/// </summary>
public sealed partial class InstanceSet(string app, OrchestratorServices services, ILogger logger, Action wake)
{
    private readonly Lock _routesLock = new();
    private readonly ConcurrentDictionary<string, InstanceStatus> _lastSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _stopping = new();

    // Exits of each instance since it was last ready: the third in a row is a crash loop, announced once.
    private readonly ConcurrentDictionary<string, int> _exitsInARow = new(StringComparer.Ordinal);
    private readonly Lock _recordingLock = new();
    private Task _recording = Task.CompletedTask;
    private ImmutableList<ManagedInstance> _instances = [];
    private ImmutableArray<WorkloadSpec> _targetWorkloads = [];
    private int? _maxConcurrentRequests;
    private volatile bool _retired;

    /// <summary>Instances that count: started and not being stopped.</summary>
    public ImmutableList<ManagedInstance> All => Volatile.Read(ref _instances);

    public void Start(ReleaseBuild build, WorkloadSpec workload)
    {
        var instance = services.Instances.Create(app, build, workload);
        Track(instance);
        instance.Supervisor.Start();
        Record(build.Release, "instance.started", $"started instance {instance.Id}");
    }

    /// <summary>Takes over an instance a previous Gantry left running (a container or a process): it keeps serving, nothing restarts.</summary>
    public async Task AdoptAsync(ReleaseBuild build, WorkloadSpec workload, ExistingInstance existing, CancellationToken cancellationToken)
    {
        var (instance, running) = await services.Instances.AdoptAsync(app, build, workload, existing, cancellationToken);
        Track(instance);
        instance.Supervisor.Adopt(running);
        Record(build.Release, "instance.adopted", $"adopted instance {instance.Id}, which kept running while Gantry was down");
    }

    /// <summary>Takes the instance out of traffic at once, then drains and stops it in the background.</summary>
    public void Remove(string id, string why)
    {
        var instance = All.FirstOrDefault(i => i.Id == id);
        if (instance is null || !ImmutableInterlocked.Update(ref _instances, list => list.Remove(instance)))
        {
            return;
        }

        try
        {
            PublishRoutes(null);
        }
        finally
        {
            // Whatever happened to the routes, an instance that left the set is always stopped.
            TrackStop(DrainAndStopAsync(instance, why, drain: true));
        }
    }

    public async Task RemoveAllAsync(string why)
    {
        foreach (var instance in All)
        {
            Remove(instance.Id, why);
        }

        await Task.WhenAll(_stopping.Keys);
    }

    /// <summary>Stops everything, waiting for it; used when the app is deleted or Gantry stops.</summary>
    public async Task StopAllAsync(bool drain, string why)
    {
        var all = Interlocked.Exchange(ref _instances, []);
        try
        {
            PublishRoutes(null);
        }
        finally
        {
            foreach (var instance in all)
            {
                TrackStop(DrainAndStopAsync(instance, why, drain));
            }
        }

        await Task.WhenAll(_stopping.Keys);
    }

    /// <summary>The app is gone: publish its routes no more, so the gateway answers 404 for it rather than 503.</summary>
    public void Retire() => _retired = true;

    /// <summary>Publishes the app's routes from the instances that are ready now; <paramref name="targetWorkloads"/> (when given) is the release being served.</summary>
    public void PublishRoutes(ImmutableArray<WorkloadSpec>? targetWorkloads, int? maxConcurrentRequests = null)
    {
        lock (_routesLock)
        {
            if (_retired)
            {
                return;
            }

            if (targetWorkloads is { } workloads)
            {
                _targetWorkloads = workloads;
                _maxConcurrentRequests = maxConcurrentRequests;
            }

            services.Routes.Publish(app, RoutePublisher.Compute(app, _targetWorkloads, All, _maxConcurrentRequests));
            services.ServicePorts.Publish(app, _targetWorkloads, All);
        }
    }

    private async Task DrainAndStopAsync(ManagedInstance instance, string why, bool drain)
    {
        try
        {
            // A gateway counts a request before it re-checks that its destination is still routed, so a drain that
            // starts after the instance left the snapshot cannot miss a request that picked it just before; gateways
            // elsewhere are waited for until they applied that snapshot and report nothing in flight to it.
            if (drain)
            {
                var timeout = instance.Workload.Rollout.DrainTimeout;
                await Task.WhenAll(instance.Workload.Routes.Select(r => r.TargetPort).Distinct().Select(port =>
                    services.Drains.WaitAsync(RoutePublisher.DestinationId(instance.Id, port), timeout, CancellationToken.None)));
            }

            await instance.StopAsync(CancellationToken.None);
            Record(instance.Release, "instance.stopped", $"stopped instance {instance.Id}: {why}");
        }
        catch (Exception ex)
        {
            LogStopFailed(logger, instance.Id, ex);
        }
        finally
        {
            await instance.DisposeAsync();
            _lastSeen.TryRemove(instance.Id, out _);
            _exitsInARow.TryRemove(instance.Id, out _);
        }
    }

    /// <summary>Listens to the instance before it runs, so no status change is missed, and counts it.</summary>
    private void Track(ManagedInstance instance)
    {
        instance.Supervisor.Changed += status => OnChanged(instance, status);
        ImmutableInterlocked.Update(ref _instances, list => list.Add(instance));
    }

    private void TrackStop(Task task)
    {
        _stopping[task] = true;
        _ = task.ContinueWith(t => _stopping.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Exits in a row, without becoming ready in between, that make an instance's crashes a crash loop.</summary>
    public const int CrashLoopAfter = 3;

    private void OnChanged(ManagedInstance instance, InstanceStatus status)
    {
        if (!All.Contains(instance))
        {
            return;
        }

        // The planner reads readiness from _lastSeen: update it only after the routes and the event, never before.
        var previous = _lastSeen.TryGetValue(instance.Id, out var seen) ? seen : null;
        if (previous?.Ready != status.Ready)
        {
            PublishRoutes(null);
            if (status.Ready)
            {
                _exitsInARow.TryRemove(instance.Id, out _);
                Record(instance.Release, "instance.ready", $"instance {instance.Id} is ready");
            }
        }

        if (status.LastExit is { } exit && !ReferenceEquals(exit, previous?.LastExit) && status.Phase == InstancePhase.CrashLoopBackOff)
        {
            var restart = status.NextRestartAt is { } at ? $"; restarting in {Math.Max(0, (at - services.Time.GetUtcNow()).TotalSeconds):0.#}s" : "";
            var (kind, what) = exit.OomKilled ? ("instance.oom", exit.ToString())
                : exit.FailedLiveness ? ("instance.unhealthy", $"failed its liveness probe and was stopped ({exit})")
                : ("instance.crashed", exit.ToString());
            Record(instance.Release, kind, $"instance {instance.Id} {what}{restart}");
            if (_exitsInARow.AddOrUpdate(instance.Id, 1, (_, n) => n + 1) == CrashLoopAfter)
            {
                Record(instance.Release, "instance.crashloop",
                    $"instance {instance.Id} keeps crashing: it exited {CrashLoopAfter} times in a row without becoming ready (last: {exit}); Gantry restarts it with a growing delay");
            }
        }

        _lastSeen[instance.Id] = status;
        wake();
    }

    /// <summary>
    /// The instance as the rollout planner sees it: ready once this set has taken in that it is (routes published,
    /// event recorded), never ahead of that.
    /// </summary>
    public InstanceView ViewOf(ManagedInstance instance) =>
        new(instance.Id, instance.Release, _lastSeen.TryGetValue(instance.Id, out var seen) && seen.Ready, instance.CreatedAt);

    /// <summary>Completes when every instance event recorded so far is stored.</summary>
    public Task EventsWritten
    {
        get
        {
            lock (_recordingLock)
            {
                return _recording;
            }
        }
    }

    // Written one after another, in the order they happened, without holding up the supervisor that reported them.
    private void Record(int release, string kind, string message)
    {
        lock (_recordingLock)
        {
            _recording = RecordAfterAsync(_recording);
        }

        async Task RecordAfterAsync(Task previous)
        {
            await previous;
            try
            {
                await services.Events.WriteAsync(app, release, kind, message);
            }
            catch (Exception ex)
            {
                LogEventFailed(logger, app, kind, ex);
            }
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Stopping instance {InstanceId} failed")]
    private static partial void LogStopFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Recording event {Kind} for app {App} failed")]
    private static partial void LogEventFailed(ILogger logger, string app, string kind, Exception exception);
}
