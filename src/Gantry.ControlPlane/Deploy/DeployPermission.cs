using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Deploy;

/// <summary>
/// Whether a caller may deploy the app its files name (the access gate cannot tell before the files are read): the
/// role on that app, or for a new app the team it will belong to; a token for one workload may change only that one.
/// </summary>
public static class DeployPermission
{
    /// <summary>A refusal (403), or the team a new app goes to (null: none, or the app exists).</summary>
    public sealed record Verdict(string? Refusal, string? NewAppTeam);

    public static async Task<Verdict> CheckAsync(AccessGrant grant, AppSpec spec, GantryDbContext db, CancellationToken cancellationToken)
    {
        var app = await db.Apps.AsNoTracking().FirstOrDefaultAsync(a => a.Name == spec.Name, cancellationToken);
        if (grant.OnlyApp is { } only && only != spec.Name)
        {
            return new($"this token may deploy app '{only}' only; these files are app '{spec.Name}'", null);
        }

        if (app is null)
        {
            return NewApp(grant, spec.Name);
        }

        if (grant.RoleOn(spec.Name, app.Team) is not { } role || role < Role.Deployer)
        {
            return new($"{grant.Describe()} may not deploy app '{spec.Name}': that takes the deployer role on it"
                + (app.Team is null ? "" : $" (team '{app.Team}' owns it)"), null);
        }

        return grant.Workload is { } workload ? new(await OtherWorkloadsChangedAsync(workload, spec, app, db, cancellationToken), null) : new(null, null);
    }

    private static Verdict NewApp(AccessGrant grant, string name)
    {
        if (grant.Workload is { } workload)
        {
            return new($"this token may deploy workload '{workload}' of an existing app only; there is no app '{name}'", null);
        }

        if (grant.PlatformRole >= Role.Deployer || grant.OnlyApp == name)
        {
            return new(null, null);
        }

        return grant.TeamsWith(Role.Deployer).ToList() switch
        {
            [var team] => new(null, team),
            [] => new($"{grant.Describe()} may not make app '{name}': that takes the deployer role on the platform or in a team", null),
            var teams => new($"{grant.Describe()} deploys in teams {string.Join(", ", teams.Select(t => $"'{t}'"))}: a new app belongs to one team, so deploy it with a token for that team ('gantry tokens create --team TEAM')", null),
        };
    }

    /// <summary>Why the files change more than <paramref name="workload"/>; null when they change only it.</summary>
    private static async Task<string?> OtherWorkloadsChangedAsync(string workload, AppSpec spec, AppRecord app, GantryDbContext db, CancellationToken cancellationToken)
    {
        var serving = app.DesiredRelease ?? app.CurrentRelease;
        // The whole record, not a projection: its sealed spec is opened as records are read (SpecOpening).
        var current = serving is null ? null
            : (await db.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.App == app.Name && r.Number == serving, cancellationToken))?.SpecJson;
        if (current is null)
        {
            return $"this token may deploy workload '{workload}' of app '{app.Name}' only, and the app has no release to change it in";
        }

        var before = SpecSerializer.Deserialize(current);
        if (!before.Workloads.Any(w => w.Name == workload) || !spec.Workloads.Any(w => w.Name == workload))
        {
            return $"this token may deploy workload '{workload}' of app '{app.Name}' only, and these files or the serving release have no workload '{workload}'";
        }

        string Rest(AppSpec s) => SpecSerializer.Serialize(s with { Workloads = s.Workloads.RemoveAll(w => w.Name == workload) });
        var changed = spec.Workloads.Where(w => w.Name != workload && !Same(w, before.Workloads.FirstOrDefault(b => b.Name == w.Name)))
            .Select(w => w.Name).Concat(before.Workloads.Where(b => !spec.Workloads.Any(w => w.Name == b.Name)).Select(b => b.Name)).ToList();
        return changed.Count > 0
            ? $"this token may deploy workload '{workload}' of app '{app.Name}' only; these files also change {string.Join(", ", changed.Select(c => $"'{c}'"))}"
            : Rest(spec) != Rest(before) ? $"this token may deploy workload '{workload}' of app '{app.Name}' only; these files also change the app's own settings (routes, resources, jobs or limits)"
            : null;
    }

    private static bool Same(WorkloadSpec a, WorkloadSpec? b) =>
        b is not null && SpecSerializer.Serialize(new AppSpec("x", [a])) == SpecSerializer.Serialize(new AppSpec("x", [b]));
}
