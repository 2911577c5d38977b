using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Deploy;

/// <summary>Which app routes a host: a release may not take a host another app serves or is rolling out.</summary>
internal static class HostOwners
{
    /// <summary>Another app whose serving or desired release routes one of <paramref name="spec"/>'s hosts.</summary>
    public static async Task<(string Host, string App)?> FindAsync(IDbContextFactory<GantryDbContext> dbFactory, AppSpec spec, CancellationToken cancellationToken)
    {
        var hosts = spec.Workloads.SelectMany(w => w.Routes).Select(r => r.Host).ToHashSet(StringComparer.OrdinalIgnoreCase);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var others = await db.Apps.AsNoTracking()
            .Where(a => a.Name != spec.Name)
            .Join(db.Releases.AsNoTracking(), a => a.Name, r => r.App, (a, r) => new { a.CurrentRelease, a.DesiredRelease, Release = r })
            .Where(x => x.Release.Number == x.CurrentRelease || x.Release.Number == x.DesiredRelease)
            .Select(x => x.Release)
            .ToListAsync(cancellationToken);
        foreach (var other in others)
        {
            var routes = SpecSerializer.Deserialize(other.SpecJson).Workloads.SelectMany(w => w.Routes);
            if (routes.FirstOrDefault(r => hosts.Contains(r.Host)) is { } route)
            {
                return (route.Host, other.App);
            }
        }

        return null;
    }
}
