using Gantry.AppModel.Compose;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Orchestration.Runtimes;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Gantry.Gateway.Policies;
using Gantry.Runtime.Logs;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Deploy;

/// <summary>
/// Turns requests into releases: validates the app, stores its files and an immutable, numbered release, points the
/// app at it and wakes the orchestrator. Nothing is stored unless everything is valid.
/// </summary>
public sealed class DeployService(
    IDbContextFactory<GantryDbContext> dbFactory,
    DataDirectory data,
    LocalOrchestrator orchestrator,
    AppEventLog events,
    LogStore logs,
    IWorkloadRuntime runtime,
    SecretScrubber secrets,
    PolicyState policies,
    Resources.PlatformProvisioners provisioners,
    Resources.ResourceAllocator allocator,
    Resources.ResourceRemover remover,
    Settings.SettingsStore settings,
    ServicePorts.ServicePortDirectory servicePorts,
    ObjectStorage.PlatformBuckets buckets,
    Security.Users.UserDirectory users,
    TimeProvider time) : IDisposable
{
    // One release is created at a time: checking that a host is free and claiming it must not interleave across apps.
    private readonly SemaphoreSlim _releaseGate = new(1, 1);

    public void Dispose() => _releaseGate.Dispose();

    /// <summary>A folder where an upload can be unpacked before it is validated; <see cref="DeployAsync"/> moves or deletes it.</summary>
    public string NewIncomingDirectory() => Path.Combine(data.Sources, ".incoming", Guid.NewGuid().ToString("N"));

    /// <param name="compose">How <paramref name="entry"/> is imported when it is a compose file (its name, profiles, --provision).</param>
    /// <param name="git">For a deploy from the app's repository: the commit, and the preview it is.</param>
    /// <param name="grant">What the caller may do, checked against the app the files name; null: anything (the platform's own deploys).</param>
    public async Task<DeployOutcome> DeployAsync(
        string incomingDirectory, string entry, string source, string actor, CancellationToken cancellationToken,
        ComposeImportOptions? compose = null, GitOrigin? git = null, Security.Access.AccessGrant? grant = null)
    {
        try
        {
            var jwks = policies.JwksFetcher;
            var catalog = provisioners.Catalog;
            var files = new DirectoryAppFiles(incomingDirectory);
            var configured = await settings.ForDeployAsync(cancellationToken);
            var options = AppLoadOptions.Local with
            {
                JwksUrls = jwks.Policy,
                Provisioners = catalog,
                Settings = git?.SettingsFor(configured) ?? configured,
                ServiceAddresses = servicePorts,
                ObjectStorage = buckets,
                Compose = compose ?? ComposeImportOptions.Default,
            };
            var loaded = AppLoader.Load(files, entry, options);
            if (!loaded.Succeeded)
            {
                return new DeployOutcome.Invalid(loaded.Errors);
            }

            var (app, problem) = git?.Shape(loaded.App) ?? (loaded.App, null);
            if (app is null)
            {
                return new DeployOutcome.Refused(StatusCodes.Status400BadRequest, problem!);
            }

            string? team = null;
            if (grant is not null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                (var refusal, team) = await DeployPermission.CheckAsync(grant, app, db, cancellationToken);
                if (refusal is not null)
                {
                    return new DeployOutcome.Refused(StatusCodes.Status403Forbidden, refusal);
                }
            }

            if (!app.Resources.IsEmpty)
            {
                // Its resources get their records (names, passwords, their server's port), then the app is loaded again
                // with those values in its variables.
                Resources.AllocatedResources allocated;
                try
                {
                    allocated = await allocator.AllocateAsync(app.Name, app.Resources, catalog, cancellationToken);
                }
                catch (Resources.ResourceException e)
                {
                    return new DeployOutcome.Refused(e.Status, e.Message);
                }

                loaded = AppLoader.Load(files, entry, options with { ResourceOutputs = allocated });
                if (!loaded.Succeeded)
                {
                    return new DeployOutcome.Invalid(loaded.Errors);
                }

                app = git?.Shape(loaded.App).Spec ?? loaded.App;
            }

            // What only the network tells about a JWKS URL is checked by fetching it once, as the gateway will.
            if (await jwks.CheckAsync(loaded.JwksUrls, cancellationToken) is { IsEmpty: false } refused)
            {
                return new DeployOutcome.Invalid(refused);
            }

            await servicePorts.KeepAsync(cancellationToken);
            try
            {
                await buckets.EnsureAsync(app.Buckets, cancellationToken);
            }
            catch (Resources.ResourceException e)
            {
                return new DeployOutcome.Refused(e.Status, e.Message);
            }

            return await CreateReleaseAsync(app, source, actor, incomingDirectory, cancellationToken, warnings: [.. loaded.Warnings.Select(w => w.ToString())], git: git, team: team);
        }
        finally
        {
            if (Directory.Exists(incomingDirectory))
            {
                Directory.Delete(incomingDirectory, recursive: true);
            }
        }
    }

    /// <summary>
    /// Deploys an app again from a release's files, loaded for this machine as an upload is (a promotion from a
    /// cluster, whose spec holds the cluster's outputs); the files stay where they are.
    /// </summary>
    public Task<DeployOutcome> RedeployFilesAsync(string sourceDirectory, string entry, string source, string actor, CancellationToken cancellationToken)
    {
        var incoming = NewIncomingDirectory();
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(incoming, Path.GetRelativePath(sourceDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return DeployAsync(incoming, entry, source, actor, cancellationToken);
    }

    /// <summary>Creates a local release from a spec that was already validated elsewhere (a promotion from another environment).</summary>
    public Task<DeployOutcome> DeploySpecAsync(AppSpec spec, string source, string actor, string sourceDirectory, CancellationToken cancellationToken) =>
        CreateReleaseAsync(spec, source, actor, sourceDirectory, cancellationToken, copyFrom: false);

    /// <summary>Creates a new release from an earlier one's spec and files: by default the last successful release before the current one.</summary>
    public async Task<DeployOutcome> RollbackAsync(string app, int? to, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == app, cancellationToken);
        if (record is null)
        {
            return new DeployOutcome.Refused(StatusCodes.Status404NotFound, $"app '{app}' does not exist");
        }

        var releases = db.Releases.AsNoTracking().Where(r => r.App == app);
        var earlier = to is int number
            ? await releases.SingleOrDefaultAsync(r => r.Number == number, cancellationToken)
            : await releases.Where(r => r.Status == ReleaseStatus.Succeeded && r.Number < (record.CurrentRelease ?? int.MaxValue))
                .OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return new DeployOutcome.Refused(
                StatusCodes.Status404NotFound,
                to is null ? $"app '{app}' has no successful release before release {record.CurrentRelease} to roll back to" : $"app '{app}' has no release {to}");
        }

        if (earlier.Number == record.CurrentRelease && record.DesiredRelease == record.CurrentRelease)
        {
            return new DeployOutcome.Refused(StatusCodes.Status409Conflict, $"release {earlier.Number} is already serving");
        }

        // A rollback restores code and configuration, not scale: the current formation stays.
        var spec = SpecSerializer.Deserialize(earlier.SpecJson);
        spec = spec with { Workloads = [.. spec.Workloads.Select(w => w with { Replicas = null })] };
        // The commit stays recorded: the release runs that commit's files again.
        var commit = earlier.CommitSha is { } sha ? new GitOrigin(app, sha, earlier.CommitMessage ?? "") : null;
        return await CreateReleaseAsync(
            spec, $"rollback to release {earlier.Number}", actor, earlier.SourceDirectory, cancellationToken, copyFrom: false, git: commit, rollbackOf: earlier.Number);
    }

    public async Task<DeployOutcome> ScaleAsync(string app, IReadOnlyDictionary<string, int> replicas, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == app, cancellationToken);
        var release = record?.DesiredRelease ?? record?.CurrentRelease;
        // Whole records, not a projection: specs are opened as entities are read.
        var specJson = release is null ? null : (await db.Releases.AsNoTracking()
            .SingleOrDefaultAsync(r => r.App == app && r.Number == release, cancellationToken))?.SpecJson;
        if (record is null || specJson is null)
        {
            return new DeployOutcome.Refused(StatusCodes.Status404NotFound, $"app '{app}' does not exist or has no release");
        }

        var workloads = SpecSerializer.Deserialize(specJson).Workloads.Select(w => w.Name).ToList();
        foreach (var (workload, count) in replicas)
        {
            if (!workloads.Contains(workload))
            {
                return new DeployOutcome.Refused(StatusCodes.Status400BadRequest, $"app '{app}' has no workload '{workload}'; its workloads: {string.Join(", ", workloads)}");
            }

            if (count is < 0 or > 100)
            {
                return new DeployOutcome.Refused(StatusCodes.Status400BadRequest, $"{workload}: replicas must be between 0 and 100, not {count}");
            }
        }

        var formation = await db.Formations.Where(f => f.App == app).ToListAsync(cancellationToken);
        var changes = new List<string>();
        foreach (var (workload, count) in replicas)
        {
            var entry = formation.SingleOrDefault(f => f.Workload == workload);
            if (entry is null)
            {
                db.Formations.Add(new FormationRecord { App = app, Workload = workload, Replicas = count });
                changes.Add($"{workload}={count}");
            }
            else if (entry.Replicas != count)
            {
                changes.Add($"{workload}={count} (was {entry.Replicas})");
                entry.Replicas = count;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (changes.Count > 0)
        {
            await events.WriteAsync(app, record.CurrentRelease, "app.scaled", $"scaled {string.Join(", ", changes)}", actor, cancellationToken);
        }

        orchestrator.Notify(app);
        return new DeployOutcome.Accepted(app, record.CurrentRelease ?? 0);
    }

    /// <summary>
    /// Deletes the app: its store rows in one transaction, then its instances, routes, files and logs. Its volumes and
    /// its resources' data (databases) are kept (data is never lost by accident) unless <paramref name="purge"/>.
    /// No deploy can interleave.
    /// </summary>
    public async Task<bool> DeleteAsync(string app, bool purge, string actor, CancellationToken cancellationToken)
    {
        await _releaseGate.WaitAsync(cancellationToken);
        try
        {
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                if (await db.Apps.Where(a => a.Name == app).ExecuteDeleteAsync(cancellationToken) == 0)
                {
                    return false;
                }

                await db.Releases.Where(r => r.App == app).ExecuteDeleteAsync(cancellationToken);
                await db.Formations.Where(f => f.App == app).ExecuteDeleteAsync(cancellationToken);
                await db.Settings.Where(s => s.App == app).ExecuteDeleteAsync(cancellationToken);
                await db.JobRuns.Where(r => r.App == app && r.State != Jobs.JobRunStore.Running).ExecuteDeleteAsync(cancellationToken);
                await db.AppMembers.Where(m => m.App == app).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            // An app made later under this name must grant its users nothing.
            users.ForgetApp(app);

            await events.WriteAsync(app, null, "app.deleted", $"app {app} deleted", actor, cancellationToken);
            orchestrator.Notify(app);
            await orchestrator.WaitRemovedAsync(app, cancellationToken);
            var sources = Path.Combine(data.Sources, app);
            if (Directory.Exists(sources))
            {
                Directory.Delete(sources, recursive: true);
            }

            logs.DeleteApp(app);
            secrets.Forget(app);
            await servicePorts.RemoveAppAsync(app, cancellationToken);
            if (purge)
            {
                var deleted = await runtime.DeleteVolumesAsync(app, cancellationToken);
                await events.WriteAsync(app, null, "app.volumes.deleted",
                    deleted.Count == 0 ? "the app had no volumes" : $"deleted volumes {string.Join(", ", deleted)}", actor, cancellationToken);
            }

            var removed = await remover.ReleaseAsync(app, purge, cancellationToken);
            if (removed.Count > 0)
            {
                await events.WriteAsync(app, null, "app.resources.deleted", $"deleted resources {string.Join(", ", removed)} and their data", actor, cancellationToken);
            }

            return true;
        }
        finally
        {
            _releaseGate.Release();
        }
    }

    /// <param name="warnings">What the app's files use that is accepted but deprecated: events of the release, so the console and API show them as the CLI does.</param>
    /// <param name="rollbackOf">The earlier release a rollback restores: the release is also a <c>release.rolledback</c> event.</param>
    /// <param name="team">The team a new app belongs to (its deployer's one team).</param>
    private async Task<DeployOutcome> CreateReleaseAsync(
        AppSpec spec, string source, string actor, string files, CancellationToken cancellationToken,
        bool copyFrom = true, IReadOnlyList<string>? warnings = null, GitOrigin? git = null, int? rollbackOf = null, string? team = null)
    {
        await _releaseGate.WaitAsync(cancellationToken);
        try
        {
            if (await HostOwners.FindAsync(dbFactory, spec, cancellationToken) is { } taken)
            {
                return new DeployOutcome.Refused(StatusCodes.Status409Conflict, $"host '{taken.Host}' is already routed to app '{taken.App}'");
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            var app = await db.Apps.SingleOrDefaultAsync(a => a.Name == spec.Name, cancellationToken);
            if (app is null)
            {
                app = new AppRecord { Name = spec.Name, CreatedAt = now, Team = team };
                db.Apps.Add(app);
            }

            secrets.Remember(spec);
            var number = ++app.LastReleaseNumber;
            var directory = files;
            if (copyFrom)
            {
                directory = data.ReleaseSources(spec.Name, number);
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
                Directory.Move(files, directory);
            }

            await db.Releases
                .Where(r => r.App == spec.Name && (r.Status == ReleaseStatus.Pending || r.Status == ReleaseStatus.Building || r.Status == ReleaseStatus.RollingOut))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReleaseStatus.Superseded).SetProperty(r => r.FinishedAt, now), cancellationToken);
            db.Releases.Add(new ReleaseRecord
            {
                App = spec.Name,
                Number = number,
                SpecJson = SpecSerializer.Serialize(spec),
                SourceDirectory = directory,
                Source = source,
                CreatedBy = actor,
                CreatedAt = now,
                Status = ReleaseStatus.Pending,
                CommitSha = git?.CommitSha,
                CommitMessage = git?.CommitMessage,
            });
            app.DesiredRelease = number;
            app.UpdatedAt = now;

            // The release's events, with their deliveries, are stored with it: a kill after the commit loses none.
            List<Action> announce = [await events.StageAsync(db, spec.Name, number, "release.created", $"release {number} created from {source}", actor, cancellationToken)];
            if (rollbackOf is int earlier)
            {
                announce.Add(await events.StageAsync(db, spec.Name, number, "release.rolledback",
                    $"rolled back to release {earlier}: release {number} runs its code and configuration", actor, cancellationToken));
            }

            foreach (var warning in warnings ?? [])
            {
                announce.Add(await events.StageAsync(db, spec.Name, number, "release.warning", $"warning: {warning}", actor, cancellationToken));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            announce.ForEach(a => a());
            orchestrator.Notify(spec.Name);
            return new DeployOutcome.Accepted(spec.Name, number);
        }
        finally
        {
            _releaseGate.Release();
        }
    }
}
