using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources;

/// <summary>Reads resources and platform services into the API's shapes: secret outputs hidden unless revealed (and then recorded).</summary>
public sealed class ResourceQueries(
    IDbContextFactory<GantryDbContext> dbFactory,
    ResourceAllocator allocator,
    PlatformProvisioners provisioners,
    PlatformServices services,
    SecretRedactor redactor,
    AppEventLog events,
    DataDirectory data,
    ServicePlacement placement,
    ObjectStorage.PlatformBuckets buckets,
    ResourceSizes sizes)
{
    public IReadOnlyList<ProvisionerInfo> Provisioners() =>
    [
        .. provisioners.Catalog.Definitions.Select(d => new ProvisionerInfo(
            d.Type, d.Class, d.Description, d.Source,
            [.. d.Params.Select(p => new ProvisionerParamInfo(p.Name, p.Kind, p.Description))],
            [.. d.Outputs.Select(o => new ProvisionerOutputInfo(o.Name, o.Secret))])),
    ];

    /// <summary>The resources of the app's serving (else latest) release; null when the app does not exist.</summary>
    /// <param name="outputs">With their outputs (unsealing values); the console's live page asks without.</param>
    public async Task<IReadOnlyList<ResourceInfo>?> ListAsync(string app, CancellationToken cancellationToken, bool outputs = true)
    {
        if (await SpecOfAsync(app, cancellationToken) is not { } spec)
        {
            return null;
        }

        var result = new List<ResourceInfo>();
        foreach (var resource in spec.Resources)
        {
            result.Add(await DescribeAsync(app, resource, reveal: false, cancellationToken, outputs));
        }

        result.AddRange(spec.Attached.Select(a => Describe(a, reveal: false, outputs)));
        return result;
    }

    /// <summary>One resource, by a workload's name for it (<c>db</c>, <c>web:db</c>) or its key; secrets shown only when <paramref name="reveal"/> (recorded).</summary>
    public async Task<ResourceInfo?> ShowAsync(string app, string name, bool reveal, string actor, CancellationToken cancellationToken)
    {
        var spec = await SpecOfAsync(app, cancellationToken);
        var info = spec is null ? null
            : Named(spec.Resources, name) is { } resource ? await DescribeAsync(app, resource, reveal, cancellationToken)
            : spec.Attached.FirstOrDefault(a => Means(a.Key, a.Workloads, name)) is { } attached ? Describe(attached, reveal)
            : null;
        if (info is null)
        {
            return null;
        }

        if (reveal)
        {
            await events.WriteAsync(app, null, "resource.secrets.revealed", $"secret outputs of resource {string.Join(", ", info.Names)} shown to {actor}", actor, cancellationToken);
        }

        return info;
    }

    /// <summary>A resource of the app's serving (else latest) release, by a workload's name for it (<c>db</c>, <c>web:db</c>) or its key.</summary>
    public async Task<ResourceSpec?> FindAsync(string app, string name, CancellationToken cancellationToken) =>
        (await SpecOfAsync(app, cancellationToken)) is { } spec ? Named(spec.Resources, name) : null;

    /// <summary>The resource a name means: its key, or a workload's name for it (<c>db</c>, <c>web:db</c>).</summary>
    public static ResourceSpec? Named(IEnumerable<ResourceSpec> resources, string name) =>
        resources.FirstOrDefault(r => Means(r.Key, r.Workloads, name));

    /// <summary>Whether a name given on the command line means a resource (or volume): its key, or a workload's name for it.</summary>
    public static bool Means(string key, IEnumerable<string> names, string name) =>
        key == name || names.Any(w => w == name || w.EndsWith(":" + name, StringComparison.Ordinal));

    /// <summary>The resources of the app's serving (else latest) release; null when the app does not exist.</summary>
    public async Task<IReadOnlyList<ResourceSpec>?> OfAppAsync(string app, CancellationToken cancellationToken) =>
        (await SpecOfAsync(app, cancellationToken))?.Resources;

    public async Task<IReadOnlyList<PlatformServiceInfo>> ServicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.PlatformServices.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var uses = await db.Resources.AsNoTracking()
            .Join(db.AppResources.AsNoTracking(), r => r.Key, u => u.Key, (r, u) => new { r.Service, u.App })
            .ToListAsync(cancellationToken);
        var catalog = provisioners.Catalog;
        var result = new List<PlatformServiceInfo>(records.Count);
        foreach (var s in records)
        {
            var status = services.StatusOf(s.Name);
            var definition = catalog.Find(s.Type, s.Class);
            var layout = ServiceLayout.Of(data, s.Name);
            var site = definition is null ? null : placement.Site(definition, layout, s.Port);
            var size = site?.Container is null ? FolderSize(layout.Data) : await VolumeSizeAsync(placement.VolumeName(s.Name), cancellationToken);
            result.Add(new PlatformServiceInfo(
                s.Name, s.Type, s.Class, site?.AppPort ?? s.Port,
                status is null ? "not started" : status.State.ToString().ToLowerInvariant(),
                status?.Pid,
                status?.Restarts ?? 0,
                status?.LastExit?.Description,
                size,
                [.. uses.Where(u => u.Service == s.Name).Select(u => u.App).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
            {
                Runtime = placement.Runtime,
                Adopted = status?.Adopted ?? false,
            });
        }

        return result;
    }

    /// <summary>
    /// The size of a container server's volume: its folder on this machine, where the engine keeps it (a local engine
    /// run by Gantry's user); 0 when the volume is not there yet or its folder cannot be read from here.
    /// </summary>
    private async Task<long> VolumeSizeAsync(string volume, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await placement.Engine!.Volumes.InspectAsync(volume, cancellationToken);
            return inspected.Mountpoint is { Length: > 0 } folder ? FolderSize(folder) : 0;
        }
        catch (Docker.DotNet.DockerApiException)
        {
            return 0;
        }
    }

    private async Task<ResourceInfo> DescribeAsync(string app, ResourceSpec resource, bool reveal, CancellationToken cancellationToken, bool withOutputs = true)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Resources.AsNoTracking().SingleOrDefaultAsync(r => r.Key == resource.Key, cancellationToken);
        var context = record is null ? null : await ContextAsync(app, resource, cancellationToken);
        var outputs = withOutputs && context is not null ? Outputs(context, reveal) : new Dictionary<string, string>();
        var status = record is null ? "missing" : record.Problem is not null ? "failed" : record.ProvisionedAt is not null ? "ready" : "pending";
        var lastBackup = await db.Backups.AsNoTracking().Where(b => b.ResourceKey == resource.Key).OrderByDescending(b => b.Id).FirstOrDefaultAsync(cancellationToken);
        return new ResourceInfo(resource.Key, [.. resource.Workloads], resource.Type, resource.Class, record?.Service ?? ServiceLayout.NameOf(resource.Type, resource.Class),
            status, record?.Problem, record?.CreatedAt ?? default, record?.ProvisionedAt, outputs)
        {
            LastBackup = lastBackup is null ? null : Backups.BackupService.Describe(lastBackup),
            DataBytes = context is not null && status == "ready" ? await sizes.OfAsync(context, cancellationToken) : null,
        };
    }

    /// <summary>The resource with its values and server; null when its definition is gone.</summary>
    private async Task<ResourceContext?> ContextAsync(string app, ResourceSpec resource, CancellationToken cancellationToken)
    {
        try
        {
            return (await allocator.LoadAsync(app, [resource], provisioners.Catalog, cancellationToken))[0];
        }
        catch (ResourceException)
        {
            return null;
        }
    }

    /// <summary>The outputs' values, secret ones as fingerprints unless revealed.</summary>
    private Dictionary<string, string> Outputs(ResourceContext context, bool reveal)
    {
        var secret = context.Definition.SecretOutputs.ToHashSet(StringComparer.Ordinal);
        return context.Outputs().ToDictionary(o => o.Key, o => reveal || !secret.Contains(o.Key) ? o.Value : redactor.Hide(o.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// A bucket or a service-port call: ready once its release was made (the deploy made the bucket, kept the port);
    /// outputs in the order of the type's list, an s3 secret key from the platform's endpoint, hidden unless revealed.
    /// </summary>
    private ResourceInfo Describe(AttachedResource attached, bool reveal, bool withOutputs = true)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in withOutputs ? attached.OutputNames() : [])
        {
            if (attached.Outputs.TryGetValue(name, out var value))
            {
                outputs[name] = value;
            }
            else if (name is "secret_key" or "aws_secret_key" && buckets.HasEndpoint)
            {
                var secret = buckets.Bucket(attached.Key).SecretKey;
                outputs[name] = reveal ? secret : redactor.Hide(secret);
            }
        }

        return new ResourceInfo(attached.Key, attached.Workloads, attached.Type, attached.Class, attached.Service, "ready", null, default, null, outputs);
    }

    /// <summary>The app's serving (else latest) release's spec; an empty one before its first release; null when the app does not exist.</summary>
    public async Task<AppSpec?> SpecOfAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == app, cancellationToken);
        var number = record?.CurrentRelease ?? record?.DesiredRelease ?? record?.LastReleaseNumber;
        var release = number is null ? null : await db.Releases.AsNoTracking().SingleOrDefaultAsync(r => r.App == app && r.Number == number, cancellationToken);
        return release is null ? record is null ? null : new AppSpec(app, []) : SpecSerializer.Deserialize(release.SpecJson);
    }

    private static long FolderSize(string folder)
    {
        try
        {
            return Directory.Exists(folder)
                ? new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Sum(f => f.Length)
                : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
