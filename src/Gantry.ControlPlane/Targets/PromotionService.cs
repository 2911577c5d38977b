using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;
using Gantry.Kubernetes.Apply;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Targets;

/// <summary>
/// Promotes the same release spec from one environment to the next: from <c>local</c> (the app's serving release)
/// or from another environment's last successful release, to <c>local</c>, a cluster or a GitOps repository. Remote
/// releases run in the background; their progress and outcome go to the app's events and the release record.
/// </summary>
public sealed partial class PromotionService(
    IDbContextFactory<GantryDbContext> dbFactory,
    EnvironmentRegistry registry,
    DeployService deploys,
    EnvironmentReleaser releaser,
    Settings.SettingsStore settings,
    ServicePorts.ServicePortDirectory servicePorts,
    AppEventLog events,
    TimeProvider time,
    ILogger<PromotionService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The last thing each running release reported, shown as its message until it ends.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> _progress = new();
    private readonly List<Task> _running = [];

    /// <summary>Starts the promotion; a local one answers with the new local release, a remote one with its environment release.</summary>
    public async Task<PromotionStarted> PromoteAsync(string app, string from, string to, string actor, CancellationToken ct)
    {
        if (from == to)
        {
            throw new EnvironmentException(400, "to: promote to another environment than the one it comes from");
        }

        var (_, fromTarget) = await registry.ResolveAsync(from, ct);
        var (_, target) = await registry.ResolveAsync(to, ct);
        var (specJson, sourceDirectory, origin) = await SourceAsync(app, from, ct);
        if (target is null)
        {
            // A cluster's release holds the cluster's outputs (its Secrets and Services): this machine loads the app's
            // files again, for its own servers and forwarders, as a deploy does.
            var spec = SpecSerializer.Deserialize(specJson);
            var deploying = fromTarget is not null && (!spec.Resources.IsEmpty || !spec.ServiceLinks.IsEmpty)
                ? deploys.RedeployFilesAsync(sourceDirectory, ReleaseEntries.Of(spec, sourceDirectory)[0], $"promotion of {origin}", actor, ct)
                : deploys.DeploySpecAsync(spec, $"promotion of {origin}", actor, sourceDirectory, ct);
            return await deploying switch
            {
                DeployOutcome.Accepted accepted => new PromotionStarted(app, EnvironmentRecord.Local, accepted.Release, null),
                DeployOutcome.Refused refused => throw new EnvironmentException(refused.StatusCode, refused.Message),
                DeployOutcome.Invalid invalid => throw new EnvironmentException(400, $"the app's files cannot be loaded on this machine: {string.Join("; ", invalid.Errors)}"),
                _ => throw new EnvironmentException(400, "the release spec cannot run on this machine"),
            };
        }

        // Its resources become the cluster's own servers, with the app's settings as of now; the service ports it calls, the cluster's Services.
        var clusterSpec = ClusterSpecs.For(SpecSerializer.Deserialize(specJson), sourceDirectory, await settings.ForDeployAsync(ct), to, servicePorts);
        specJson = SpecSerializer.Serialize(clusterSpec);

        // One release per app and environment at a time: two applies to one namespace would fight.
        await _gate.WaitAsync(ct);
        try
        {
            return await StartRemoteAsync(app, to, target, specJson, sourceDirectory, origin, actor, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<EnvironmentReleaseRecord>> ListAsync(string app, string? environment, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var releases = await db.EnvironmentReleases.AsNoTracking()
            .Where(r => r.App == app && (environment == null || r.Environment == environment))
            .OrderBy(r => r.Environment).ThenByDescending(r => r.Number)
            .ToListAsync(ct);
        foreach (var release in releases.Where(r => r.Status == EnvironmentReleaseStatus.InProgress))
        {
            release.Message = _progress.GetValueOrDefault(release.Id) ?? release.Message;
        }

        return releases;
    }

    private async Task<PromotionStarted> StartRemoteAsync(
        string app, string to, TargetRecord target, string specJson, string sourceDirectory, string origin, string actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var releases = db.EnvironmentReleases.Where(r => r.App == app && r.Environment == to);
        if (await releases.Where(r => r.Status == EnvironmentReleaseStatus.InProgress).Select(r => (int?)r.Number).FirstOrDefaultAsync(ct) is { } running)
        {
            throw new EnvironmentException(409, $"{to} release {running} of '{app}' is still in progress; promote again when it has finished");
        }

        var number = (await releases.MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;
        var record = new EnvironmentReleaseRecord
        {
            App = app,
            Environment = to,
            Number = number,
            SpecJson = specJson,
            SourceDirectory = sourceDirectory,
            Origin = origin,
            Actor = actor,
            Status = EnvironmentReleaseStatus.InProgress,
            CreatedAt = time.GetUtcNow(),
        };
        db.EnvironmentReleases.Add(record);
        await db.SaveChangesAsync(ct);
        await events.WriteAsync(app, null, "environment.release.started", $"{to} release {number} ({origin}) started on target '{target.Name}'", actor, ct);
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(Task.Run(() => RunAsync(record.Id, target), CancellationToken.None));
        }

        return new PromotionStarted(app, to, number, record);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A release that was running when Gantry stopped has no one to finish it.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.EnvironmentReleases.Where(r => r.Status == EnvironmentReleaseStatus.InProgress).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, EnvironmentReleaseStatus.Failed)
            .SetProperty(r => r.Message, "interrupted: Gantry stopped while the release was running; promote again")
            .SetProperty(r => r.FinishedAt, time.GetUtcNow()), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _gate.Dispose();
    }

    private async Task<(string SpecJson, string SourceDirectory, string Origin)> SourceAsync(string app, string from, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (from == EnvironmentRecord.Local)
        {
            var current = await db.Apps.AsNoTracking().Where(a => a.Name == app).Select(a => a.CurrentRelease).SingleOrDefaultAsync(ct)
                ?? throw new EnvironmentException(404, $"app '{app}' has no release serving on this machine to promote");
            var release = await db.Releases.AsNoTracking().SingleAsync(r => r.App == app && r.Number == current, ct);
            return (release.SpecJson, release.SourceDirectory, $"local release {current}");
        }

        var last = await db.EnvironmentReleases.AsNoTracking()
            .Where(r => r.App == app && r.Environment == from && r.Status == EnvironmentReleaseStatus.Succeeded)
            .OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct)
            ?? throw new EnvironmentException(404, $"app '{app}' has no successful release in {from} to promote");
        return (last.SpecJson, last.SourceDirectory, $"{from} release {last.Number}");
    }

    private async Task RunAsync(long id, TargetRecord target)
    {
        var ct = _stopping.Token;
        EnvironmentReleaseRecord? release = null;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            release = await db.EnvironmentReleases.SingleAsync(r => r.Id == id, ct);
            var app = release.App;
            var previous = await db.EnvironmentReleases.AsNoTracking()
                .Where(r => r.App == app && r.Environment == release.Environment && r.Number < release.Number && r.Status == EnvironmentReleaseStatus.Succeeded)
                .OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
            var progress = new Progress<string>(line =>
            {
                _progress[id] = line;
                LogProgress(logger, app, release.Environment, release.Number, line);
            });
            var (status, message, commit) = await releaser.ReleaseAsync(release, previous, target, progress, ct);
            _progress.TryRemove(id, out _);
            await FinishAsync(db, release, status, message, commit);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Gantry is stopping: the record stays in progress and is marked interrupted at the next start.
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _progress.TryRemove(id, out _);
            // A background release must end as failed whatever happened, or it would stay in progress forever.
            var known = e is ClusterException or EnvironmentException or IOException;
            if (!known)
            {
                LogUnexpected(logger, id, e);
            }

            if (release is not null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                db.Attach(release);
                await FinishAsync(db, release, EnvironmentReleaseStatus.Failed, known ? e.Message : "the release failed unexpectedly; see the server log", null);
            }
        }
    }

    private async Task FinishAsync(GantryDbContext db, EnvironmentReleaseRecord release, EnvironmentReleaseStatus status, string message, string? commit)
    {
        release.Status = status;
        release.Message = message;
        release.Commit = commit;
        release.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        var kind = status == EnvironmentReleaseStatus.Succeeded ? "environment.release.succeeded" : "environment.release.failed";
        await events.WriteAsync(release.App, null, kind, $"{release.Environment} release {release.Number}: {status.ToString().ToLowerInvariant()}: {message}", AppEventLog.PlatformActor, CancellationToken.None);
    }

    [LoggerMessage(EventId = 281, Level = LogLevel.Error, Message = "Environment release {Id} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, long id, Exception exception);

    [LoggerMessage(EventId = 280, Level = LogLevel.Information, Message = "{App} {Environment} release {Number}: {Line}")]
    private static partial void LogProgress(ILogger logger, string app, string environment, int number, string line);
}
