using System.Collections.Concurrent;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>
/// Runs every app on this machine: one <see cref="AppReconciler"/> per app, created on start from the store
/// (so a restart of Gantry restores the desired state) and on the first deploy of a new app.
/// </summary>
public sealed class LocalOrchestrator(OrchestratorServices services, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ConcurrentDictionary<string, AppReconciler> _apps = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<AppReconciler>();
    private volatile bool _stopping;

    public string RuntimeName => services.Instances.RuntimeName;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var app in await services.Ledger.ListAppsAsync(cancellationToken))
        {
            Notify(app);
        }
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
            var created = new AppReconciler(name, services, _logger);
            created.Start();
            _ = ForgetWhenRemovedAsync(name, created);
            return created;
        });
        reconciler.Wake();
    }

    public AppRuntimeView View(string app) =>
        _apps.TryGetValue(app, out var reconciler) ? reconciler.View : new AppRuntimeView(app, RuntimeName, []);

    /// <summary>Waits until a deleted app's instances are gone.</summary>
    public Task WaitRemovedAsync(string app, CancellationToken cancellationToken) =>
        _apps.TryGetValue(app, out var reconciler) ? reconciler.Removed.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Stops every instance of every app: Gantry leaves no processes behind.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
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
}
