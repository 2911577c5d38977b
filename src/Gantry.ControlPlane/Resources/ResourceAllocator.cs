using System.Collections.Immutable;
using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources;

/// <summary>
/// Gives an app's resources their records as a deploy is checked: the platform service of each type and class (its
/// port, its admin password), and each resource's generated values (database, user, password), made once and kept
/// sealed. Nothing runs here: the servers start and the databases are made when a release is prepared.
/// </summary>
public sealed class ResourceAllocator(
    IDbContextFactory<GantryDbContext> dbFactory,
    ResourceValues sealing,
    DataDirectory data,
    ServicePlacement placement,
    SecretScrubber secrets,
    TimeProvider time) : IDisposable
{
    // Platform services listen here on the process runtime: apart from app instances (10000-19999) and from the
    // kernel's ephemeral ports (32768 and up), so nothing takes a service's kept port while it is down.
    private const int FirstServicePort = 9000;
    private const int LastServicePort = 9999;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<AllocatedResources> AllocateAsync(string app, ImmutableArray<ResourceSpec> resources, ProvisionerCatalog catalog, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var contexts = new Dictionary<string, ResourceContext>(StringComparer.Ordinal);
            foreach (var resource in resources)
            {
                var definition = catalog.Find(resource.Type, resource.Class)
                    ?? throw new ResourceException($"resource '{resource.Key}': this platform has no provisioner for {resource.Type} ({resource.Class})", StatusCodes.Status400BadRequest);
                var (service, serviceValues) = await EnsureServiceAsync(db, definition, cancellationToken);
                contexts[resource.Key] = await EnsureResourceAsync(db, app, resource, definition, service, serviceValues, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            secrets.Remember(app, contexts.Values.SelectMany(c => c.Secrets));
            return new AllocatedResources(contexts);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The contexts of resources that have records (for preparing a release, listing, backups).</summary>
    public async Task<IReadOnlyList<ResourceContext>> LoadAsync(string app, IEnumerable<ResourceSpec> resources, ProvisionerCatalog catalog, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var result = new List<ResourceContext>();
        foreach (var resource in resources)
        {
            var record = await db.Resources.AsNoTracking().SingleOrDefaultAsync(r => r.Key == resource.Key, cancellationToken);
            var service = record is null ? null : await db.PlatformServices.AsNoTracking().SingleOrDefaultAsync(s => s.Name == record.Service, cancellationToken);
            var definition = catalog.Find(resource.Type, resource.Class);
            if (record is null || service is null || definition is null)
            {
                throw new ResourceException(definition is null
                    ? $"resource '{resource.Key}': this platform has no provisioner for {resource.Type} ({resource.Class}) any more"
                    : $"resource '{resource.Key}' has no record: deploy the app again");
            }

            result.Add(Context(app, resource, definition, sealing.Open(record.SealedValues), service, sealing.Open(service.SealedValues)));
        }

        return result;
    }

    private async Task<(PlatformServiceRecord Record, IReadOnlyDictionary<string, string> Values)> EnsureServiceAsync(
        GantryDbContext db, ProvisionerDefinition definition, CancellationToken cancellationToken)
    {
        var name = ServiceLayout.NameOf(definition.Type, definition.Class);
        var record = db.PlatformServices.Local.SingleOrDefault(s => s.Name == name)
            ?? await db.PlatformServices.SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        var declared = definition.Service?.Generated ?? [];
        var existing = record is null ? null : sealing.Open(record.SealedValues);
        var values = GeneratedValues.MakeAll(declared, TemplateValues.Empty, existing);
        if (record is null)
        {
            // With the services this deploy adds (not saved yet): an app asking for two types gets two ports.
            var taken = (await db.PlatformServices.Select(s => s.Port).ToListAsync(cancellationToken))
                .Concat(db.PlatformServices.Local.Select(s => s.Port)).ToHashSet();
            record = new PlatformServiceRecord
            {
                Name = name,
                Type = definition.Type,
                Class = definition.Class,
                Port = FreeServicePort(taken),
                SealedValues = sealing.Seal(values),
                CreatedAt = time.GetUtcNow(),
            };
            db.PlatformServices.Add(record);
        }
        else if (existing!.Count != values.Count)
        {
            record.SealedValues = sealing.Seal(values); // a definition that gained a generated value
        }

        return (record, values);
    }

    private async Task<ResourceContext> EnsureResourceAsync(
        GantryDbContext db, string app, ResourceSpec resource, ProvisionerDefinition definition,
        PlatformServiceRecord service, IReadOnlyDictionary<string, string> serviceValues, CancellationToken cancellationToken)
    {
        var record = await db.Resources.SingleOrDefaultAsync(r => r.Key == resource.Key, cancellationToken);
        if (record is not null && (record.Type != resource.Type || record.Class != resource.Class))
        {
            throw new ResourceException($"resource id '{resource.Key}' is already a {record.Type} ({record.Class}); choose another id for a {resource.Type} ({resource.Class})");
        }

        var existing = record is null ? null : sealing.Open(record.SealedValues);
        var values = GeneratedValues.MakeAll(definition.Generated, ResourceContext.Basis(app, resource, definition), existing);
        if (record is null)
        {
            db.Resources.Add(new ResourceRecord
            {
                Key = resource.Key,
                Type = resource.Type,
                Class = resource.Class,
                Service = service.Name,
                SealedValues = sealing.Seal(values),
                CreatedAt = time.GetUtcNow(),
            });
        }
        else if (existing!.Count != values.Count)
        {
            record.SealedValues = sealing.Seal(values);
        }

        var names = string.Join(',', resource.Workloads);
        var use = await db.AppResources.SingleOrDefaultAsync(u => u.App == app && u.Key == resource.Key, cancellationToken);
        if (use is null)
        {
            db.AppResources.Add(new AppResourceRecord { App = app, Key = resource.Key, Names = names });
        }
        else
        {
            use.Names = names;
        }

        return Context(app, resource, definition, values, service, serviceValues);
    }

    private ResourceContext Context(
        string app, ResourceSpec resource, ProvisionerDefinition definition, IReadOnlyDictionary<string, string> values,
        PlatformServiceRecord service, IReadOnlyDictionary<string, string> serviceValues)
    {
        var layout = ServiceLayout.Of(data, service.Name);
        return new ResourceContext(app, resource, definition, values, layout, placement.Site(definition, layout, service.Port), serviceValues);
    }

    /// <summary>A port no service has and nothing listens on.</summary>
    private static int FreeServicePort(HashSet<int> taken) =>
        LoopbackPorts.FindFree(FirstServicePort, LastServicePort, taken)
        ?? throw new ResourceException($"no free port between {FirstServicePort} and {LastServicePort} for a platform service");
}
