using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Store;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// What happens to an app's resources when the app is deleted: by default they are kept (a database is data; deploying
/// the app again gets it back), only the app's claim on them goes; with purge, each one no other app uses is removed
/// from its server (the definition's deprovision steps) and forgotten.
/// </summary>
public sealed class ResourceRemover(
    IDbContextFactory<GantryDbContext> dbFactory,
    ResourceAllocator allocator,
    PlatformProvisioners provisioners,
    PlatformServices services,
    StepRunner steps)
{
    /// <summary>The keys of the resources removed (with purge); the app's claims are dropped either way.</summary>
    public async Task<IReadOnlyList<string>> ReleaseAsync(string app, bool purge, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claims = await db.AppResources.Where(u => u.App == app).ToListAsync(cancellationToken);
        var removed = new List<string>();
        foreach (var claim in claims)
        {
            var shared = await db.AppResources.AnyAsync(u => u.Key == claim.Key && u.App != app, cancellationToken);
            if (purge && !shared && await db.Resources.AsNoTracking().SingleOrDefaultAsync(r => r.Key == claim.Key, cancellationToken) is { } record)
            {
                await DeprovisionAsync(app, record, claim, cancellationToken);
                await db.Resources.Where(r => r.Key == claim.Key).ExecuteDeleteAsync(cancellationToken);
                removed.Add(claim.Key);
            }

            db.AppResources.Remove(claim);
        }

        await db.SaveChangesAsync(cancellationToken);
        return removed;
    }

    private async Task DeprovisionAsync(string app, ResourceRecord record, AppResourceRecord claim, CancellationToken cancellationToken)
    {
        // Its params are not kept with it: deprovision steps work from its generated values (database, user).
        var resource = new ResourceSpec(record.Key, record.Type, record.Class, null, [.. claim.Names.Split(',')], ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var context = (await allocator.LoadAsync(app, [resource], provisioners.Catalog, cancellationToken))[0];
        try
        {
            await services.EnsureRunningAsync(context, cancellationToken);
            foreach (var step in ServicePlans.Steps(context, context.Definition.Deprovision))
            {
                await steps.RunAsync(step, cancellationToken);
            }
        }
        catch (Exception e) when (e is StepFailedException or ServiceStartException)
        {
            throw new ResourceException($"resource {record.Key} ({record.Type}) could not be removed from {record.Service}: {e.Message}");
        }
    }
}
