using System.Collections.Concurrent;
using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.Runtime.Instances;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Runs every app on this machine: one <see cref="AppReconciler"/> per app, created on start from the store
/// (so a restart of Gantry restores the desired state) and on the first deploy of a new app. Instances that
/// outlived a previous Gantry (containers, processes) are handed to their app's reconciler to adopt, or removed.
/// </summary>
public sealed partial class LocalOrchestrator(
    OrchestratorServices services, IWorkloadRuntime runtime, DataPlane.RestoreGate restore, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ConcurrentDictionary<string, AppReconciler> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<ExistingInstance>> _adoptable = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<AppReconciler>();
    private volatile bool _stopping;

    public string RuntimeName => runtime.Name;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Callers' releases carry the ports of the service ports they call: those listen before any app starts.
        await services.ServicePorts.StartAsync(cancellationToken);
        var apps = await services.Ledger.ListAppsAsync(cancellationToken);
        foreach (var group in (await runtime.Driver.FindExistingAsync(cancellationToken)).GroupBy(e => e.App))
        {
            if (apps.Contains(group.Key))
            {
                _adoptable[group.Key] = [.. group];
                continue;
            }

            // Instances of apps that no longer exist: nothing will ever want them.
            foreach (var existing in group)
            {
                await runtime.Driver.RemoveExistingAsync(existing, cancellationToken);
                LogRemovedLeftover(_logger, existing.InstanceId, existing.App);
            }
        }

        foreach (var app in apps)
        {
            Notify(app);
        }

        var restoring = apps.Select(a => _apps.TryGetValue(a, out var r) ? r.Restored : Task.CompletedTask).ToList();
        _ = Task.WhenAll(restoring).ContinueWith(_ => restore.Open(), TaskScheduler.Default);
    }

    /// <summary>The app's desired state changed (deploy, rollback, scale, delete): reconcile it soon.</summary>
    public void Notify(string app)
    {
        if (_stopping)
        {
            return;
        }

        var reconciler = _apps.GetOrAdd(app, name =>
        {
            var created = new AppReconciler(name, services, _logger, _adoptable.TryRemove(name, out var adoptable) ? adoptable : []);
            created.Start();
            _ = ForgetWhenRemovedAsync(name, created);
            return created;
        });
        reconciler.Wake();
    }

    public AppRuntimeView View(string app) =>
        _apps.TryGetValue(app, out var reconciler) ? reconciler.View : new AppRuntimeView(app, RuntimeName, []);

    /// <summary>The app's serving release, built; null while none has converged since Gantry started (or the app is gone).</summary>
    public ReleaseBuild? ServingBuild(string app) => _apps.TryGetValue(app, out var reconciler) ? reconciler.Serving : null;

    /// <summary>The apps this machine runs.</summary>
    public IReadOnlyCollection<string> Apps => [.. _apps.Keys];

    /// <summary>CPU and memory of the app's running instances, by instance id.</summary>
    public Task<IReadOnlyDictionary<string, ResourceUsage>> UsageAsync(string app, CancellationToken cancellationToken) =>
        _apps.TryGetValue(app, out var reconciler)
            ? reconciler.UsageAsync(cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<string, ResourceUsage>>(new Dictionary<string, ResourceUsage>());

    /// <summary>Waits until a deleted app's instances are gone.</summary>
    public Task WaitRemovedAsync(string app, CancellationToken cancellationToken) =>
        _apps.TryGetValue(app, out var reconciler) ? reconciler.Removed.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Stops every instance of every app: Gantry leaves no processes behind.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        restore.Open();
        await Task.WhenAll(_apps.Values.Select(r => r.DisposeAsync().AsTask()));
        _apps.Clear();
    }

    private async Task ForgetWhenRemovedAsync(string app, AppReconciler reconciler)
    {
        await reconciler.Removed;
        _apps.TryRemove(KeyValuePair.Create(app, reconciler));
        await reconciler.DisposeAsync();

        // An app of the same name deployed while this one was being removed woke a reconciler that had already ended.
        if (!_stopping && await services.Ledger.LoadAsync(app, CancellationToken.None) is not null)
        {
            Notify(app);
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Removed instance {InstanceId} of app {App}, which no longer exists")]
    private static partial void LogRemovedLeftover(ILogger logger, string instanceId, string app);
}
