using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Gantry.Runtime.Instances;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Api;

/// <summary>Reads apps, releases and instances into the API's shapes, joining the store with what runs now.</summary>
public sealed class AppQueries(IDbContextFactory<GantryDbContext> dbFactory, LocalOrchestrator orchestrator, ServerOptions options, SecretRedactor redactor)
{
    public async Task<IReadOnlyList<AppSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var apps = await db.Apps.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var result = new List<AppSummary>(apps.Count);
        foreach (var app in apps)
        {
            result.Add((await LoadAsync(db, app, cancellationToken)).Summary);
        }

        return result;
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Apps.AnyAsync(a => a.Name == name, cancellationToken);
    }

    public async Task<AppDetail?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var app = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == name, cancellationToken);
        if (app is null)
        {
            return null;
        }

        var loaded = await LoadAsync(db, app, cancellationToken);
        var workloads = (loaded.Spec?.Workloads ?? []).Select(w => new WorkloadInfo(
            w.Name,
            loaded.Formation.GetValueOrDefault(w.Name, w.Replicas ?? 1),
            loaded.Instances.Count(i => i.Workload == w.Name && i.Ready && i.Release == app.CurrentRelease),
            Urls(w))).ToList();
        return new AppDetail(loaded.Summary, orchestrator.RuntimeName, loaded.Latest, workloads, loaded.Instances);
    }

    public async Task<IReadOnlyList<ReleaseInfo>?> ReleasesAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var app = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == name, cancellationToken);
        if (app is null)
        {
            return null;
        }

        var releases = await db.Releases.AsNoTracking().Where(r => r.App == name).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
        return [.. releases.Select(r => ToInfo(r, app))];
    }

    /// <summary>A release with its spec as shown outside: secrets hidden (see <see cref="SecretRedactor"/>).</summary>
    public async Task<(ReleaseInfo Info, AppSpec Spec)?> ReleaseAsync(string name, int number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var app = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == name, cancellationToken);
        var release = await db.Releases.AsNoTracking().SingleOrDefaultAsync(r => r.App == name && r.Number == number, cancellationToken);
        return app is null || release is null ? null : (ToInfo(release, app), redactor.Redact(SpecSerializer.Deserialize(release.SpecJson)));
    }

    public static InstanceInfo ToInfo(InstanceStatus s) => new(
        s.InstanceId,
        s.Workload,
        s.Release,
        s.Phase.ToString(),
        s.Ready,
        s.ProcessId,
        s.HostPorts.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
        s.Restarts,
        s.LastExit is { } exit ? new ExitInfo(exit.ExitCode, exit.Signal, exit.OomKilled, exit.At, exit.ToString()) : null,
        s.ReadinessHint is null ? s.LastProbe : $"{s.LastProbe}; {s.ReadinessHint}",
        s.StartedAt,
        s.NextRestartAt,
        s.LastLogLines.IsDefault ? [] : s.LastLogLines);

    private static ReleaseInfo ToInfo(ReleaseRecord r, AppRecord app) => new(
        r.Number, r.Status.ToString(), r.Number == app.CurrentRelease, r.Source, r.CreatedBy, r.CreatedAt, r.FinishedAt, r.Reason)
    {
        Images = Map(r.ImagesJson),
        Builds = Map(r.BuildsJson),
        Commit = r.CommitSha is { } sha ? new CommitInfo(sha, r.CommitMessage ?? "") : null,
    };

    private static Dictionary<string, string> Map(string? json) =>
        json is null ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private async Task<LoadedApp> LoadAsync(GantryDbContext db, AppRecord app, CancellationToken cancellationToken)
    {
        var latest = await db.Releases.AsNoTracking().Where(r => r.App == app.Name).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        var servingNumber = app.CurrentRelease ?? app.DesiredRelease;
        var serving = servingNumber is null ? null : await db.Releases.AsNoTracking()
            .SingleOrDefaultAsync(r => r.App == app.Name && r.Number == servingNumber, cancellationToken);
        var spec = serving is null ? null : SpecSerializer.Deserialize(serving.SpecJson);
        var formation = await db.Formations.AsNoTracking().Where(f => f.App == app.Name).ToDictionaryAsync(f => f.Workload, f => f.Replicas, cancellationToken);
        var instances = orchestrator.View(app.Name).Instances.Select(ToInfo).ToList();

        var desired = (spec?.Workloads ?? []).Sum(w => formation.GetValueOrDefault(w.Name, w.Replicas ?? 1));
        var ready = instances.Count(i => i.Ready && i.Release == app.CurrentRelease);
        var health = (app.CurrentRelease, app.DesiredRelease, latest?.Status) switch
        {
            (null, null, ReleaseStatus.Failed) => "failed",
            (null, null, _) => "stopped",
            var (current, wanted, _) when current != wanted => "progressing",
            _ when ready < desired => "degraded",
            _ => "healthy",
        };
        var summary = new AppSummary(app.Name, app.CurrentRelease, app.DesiredRelease, health, ready, desired,
            (spec?.Workloads ?? []).SelectMany(Urls).Distinct().ToList(), app.UpdatedAt);
        return new LoadedApp(summary, spec, formation, instances, latest is null ? null : ToInfo(latest, app));
    }

    private List<string> Urls(WorkloadSpec workload) =>
        [.. workload.Routes.Select(r => options.HttpPort == 80 ? $"http://{r.Host}{r.Path}" : $"http://{r.Host}:{options.HttpPort}{r.Path}")];

    private sealed record LoadedApp(AppSummary Summary, AppSpec? Spec, Dictionary<string, int> Formation, List<InstanceInfo> Instances, ReleaseInfo? Latest);
}
