using System.Text.RegularExpressions;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Tls;

/// <summary>Custom domains: stored, then routed like one of the app's own hosts (and given a certificate by the manager).</summary>
public sealed partial class DomainRegistry(IDbContextFactory<GantryDbContext> dbFactory, RoutePublisher routes, GatewayConfigSource gateway, TimeProvider time)
{
    private readonly Lock _writes = new();

    public async Task LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var group in (await db.Domains.AsNoTracking().ToListAsync(ct)).GroupBy(d => d.App))
        {
            routes.SetDomains(group.Key, [.. group.Select(d => (d.Host, d.Target))]);
        }
    }

    public async Task<IReadOnlyList<DomainRecord>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Domains.AsNoTracking().OrderBy(d => d.App).ThenBy(d => d.Host).ToListAsync(ct);
    }

    /// <summary>Adds a domain routed like <paramref name="target"/> (default: the app's first host); the error says what is wrong.</summary>
    public async Task<(DomainRecord? Domain, int Status, string? Error)> AddAsync(string app, string host, string? target, CancellationToken ct)
    {
        host = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (!HostPattern().IsMatch(host) || host.Length > 253)
        {
            return (null, 400, $"host: '{host}' is not a DNS name (for example www.shop.example.com)");
        }

        var hosts = routes.HostsOf(app);
        if (hosts.IsEmpty)
        {
            return (null, 409, $"app '{app}' has no routed host yet: deploy it with a route first");
        }

        var resolvedTarget = target?.Trim().ToLowerInvariant() ?? hosts[0];
        if (!hosts.Contains(resolvedTarget, StringComparer.OrdinalIgnoreCase))
        {
            return (null, 400, $"target: '{resolvedTarget}' is not a host of app '{app}' ({string.Join(", ", hosts)})");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Domains.AsNoTracking().SingleOrDefaultAsync(d => d.Host == host, ct) is { } taken)
        {
            return (null, 409, $"'{host}' is already a domain of app '{taken.App}'");
        }

        if (gateway.Current.Routes.FirstOrDefault(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase)) is { } routed)
        {
            return (null, 409, $"'{host}' is already routed to app '{routed.App}'");
        }

        var record = new DomainRecord { Host = host, App = app, Target = resolvedTarget, CreatedAt = time.GetUtcNow() };
        db.Domains.Add(record);
        await db.SaveChangesAsync(ct);
        await PublishAsync(db, app, ct);
        return (record, 201, null);
    }

    public async Task<bool> RemoveAsync(string app, string host, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        var removed = await db.Domains.Where(d => d.App == app && d.Host == name).ExecuteDeleteAsync(ct) > 0;
        await PublishAsync(db, app, ct);
        return removed;
    }

    private async Task PublishAsync(GantryDbContext db, string app, CancellationToken ct)
    {
        var domains = await db.Domains.AsNoTracking().Where(d => d.App == app).ToListAsync(ct);
        lock (_writes)
        {
            routes.SetDomains(app, [.. domains.Select(d => (d.Host, d.Target))]);
        }
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex HostPattern();
}
