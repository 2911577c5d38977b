using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// Makes a release's resources real before its instances start: the platform server of each one started (or adopted)
/// and ready, then the definition's provision steps run (idempotent: a database and user made when missing, the
/// password set). Progress and failures become the release's events; a failure fails the release with the reason.
/// </summary>
public sealed class ResourcePreparer(
    ResourceAllocator allocator,
    PlatformProvisioners provisioners,
    PlatformServices services,
    StepRunner steps,
    IDbContextFactory<GantryDbContext> dbFactory,
    AppEventLog events,
    TimeProvider time)
{
    public async Task PrepareAsync(string app, int release, AppSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Resources.IsEmpty)
        {
            return;
        }

        var contexts = await allocator.LoadAsync(app, spec.Resources, provisioners.Catalog, cancellationToken);
        foreach (var context in contexts)
        {
            var names = string.Join(", ", context.Resource.Workloads);
            await events.WriteAsync(app, release, "resource.provisioning", $"{names}: preparing {context.Resource.Type} on {context.Service.Name}", cancellationToken: cancellationToken);
            try
            {
                var status = await services.EnsureRunningAsync(context, cancellationToken);
                foreach (var step in ServicePlans.Steps(context, context.Definition.Provision))
                {
                    await steps.RunAsync(step, cancellationToken);
                }

                await RecordAsync(context.Resource.Key, problem: null, cancellationToken);
                var how = status.Adopted ? "adopted" : "running";
                await events.WriteAsync(app, release, "resource.ready", $"{names}: {context.Resource.Type} ready on {context.Service.Name} ({how}, pid {status.Pid})", cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is StepFailedException or ServiceStartException or ResourceException)
            {
                await RecordAsync(context.Resource.Key, e.Message, cancellationToken);
                await events.WriteAsync(app, release, "resource.failed", $"{names}: {context.Resource.Type} could not be prepared: {e.Message}", cancellationToken: cancellationToken);
                throw new ResourceException($"resource {names} ({context.Resource.Type}) could not be prepared: {e.Message}");
            }
        }
    }

    private async Task RecordAsync(string key, string? problem, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var record = db.Resources.Where(r => r.Key == key);
        if (problem is null)
        {
            await record.ExecuteUpdateAsync(s => s.SetProperty(r => r.ProvisionedAt, now).SetProperty(r => r.Problem, (string?)null), cancellationToken);
        }
        else
        {
            await record.ExecuteUpdateAsync(s => s.SetProperty(r => r.Problem, problem), cancellationToken);
        }
    }
}
