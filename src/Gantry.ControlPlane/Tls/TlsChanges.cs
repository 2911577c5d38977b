using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Store;
using Gantry.Gateway.Tls;

namespace Gantry.ControlPlane.Tls;

/// <summary>The hosts the gateway serves and their certificates, for the API and the console alike.</summary>
public sealed class TlsChanges(DomainRegistry domains, CertificateVault vault, CertificateManager manager, GatewayConfigSource gateway, AppQueries apps, TimeProvider time)
{
    private const int MaxPemLength = 64 * 1024;

    public async Task<IReadOnlyList<CertificateInfo>> CertificatesAsync(CancellationToken ct) => [.. (await vault.ListAsync(ct)).Select(Info)];

    /// <summary>Every host the gateway routes (apps' own and custom domains; only <paramref name="app"/>'s when given), with its certificate or why it has none.</summary>
    public async Task<IReadOnlyList<DomainInfo>> DomainsAsync(string? app, CancellationToken ct)
    {
        var certificates = await vault.ListAsync(ct);
        var custom = (await domains.ListAsync(ct)).ToDictionary(d => d.Host, StringComparer.OrdinalIgnoreCase);
        return [.. gateway.Current.Routes
            .Where(r => app is null || r.App == app)
            .GroupBy(r => r.Host.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var domain = custom.GetValueOrDefault(g.Key);
                var certificate = Best(certificates, g.Key);
                return new DomainInfo(g.Key, g.First().App, domain is null ? "route" : "custom", domain?.Target,
                    certificate is null ? null : Info(certificate), manager.ProblemOf(g.Key));
            })];
    }

    /// <summary>Stores an uploaded chain and key (PEM), served from now on for the hosts it names.</summary>
    public async Task<Outcome<CertificateInfo>> UploadAsync(UploadCertificateRequest? body, CancellationToken ct)
    {
        if (body?.Certificate is not { Length: > 0 and <= MaxPemLength } certificate || body.Key is not { Length: > 0 and <= MaxPemLength } key)
        {
            return Refusal.Invalid("certificate and key: give both, PEM, at most 64 KiB each");
        }

        ServedCertificate served;
        try
        {
            served = PemCertificates.Load(certificate, key);
        }
        catch (PemCertificateException ex)
        {
            return Refusal.Invalid(ex.Message);
        }

        var record = await vault.SaveAsync(served, "upload", ct);
        await manager.ReconcileAsync(ct);
        return Info(record);
    }

    /// <summary>Removes a certificate; local-CA hosts get a new one at once.</summary>
    public async Task<Refusal?> RemoveCertificateAsync(long id, CancellationToken ct)
    {
        if (!await vault.RemoveAsync(id, ct))
        {
            return Refusal.NotFound($"there is no certificate {id}");
        }

        await manager.ReconcileAsync(ct);
        return null;
    }

    /// <summary>A custom domain routed like one of the app's hosts (<paramref name="target"/>, default its first).</summary>
    public async Task<Outcome<DomainInfo>> AddDomainAsync(string app, string? host, string? target, CancellationToken ct)
    {
        if (!await apps.ExistsAsync(app, ct))
        {
            return Refusal.NotFound($"app '{app}' does not exist");
        }

        var (domain, status, error) = await domains.AddAsync(app, host ?? "", target, ct);
        return domain is not null ? new DomainInfo(domain.Host, app, "custom", domain.Target, null, null)
            : new Refusal(status == 409 ? RefusalKind.Conflict : RefusalKind.Invalid, error!);
    }

    public async Task<Refusal?> RemoveDomainAsync(string app, string host, CancellationToken ct) =>
        await domains.RemoveAsync(app, host, ct) ? null : Refusal.NotFound($"app '{app}' has no domain '{host}'");

    private static CertificateRecord? Best(IReadOnlyList<CertificateRecord> certificates, string host)
    {
        var wildcard = host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? "*" + host[dot..] : null;
        return certificates.Where(c => c.Hosts.Split(',').Any(h => h == host || h == wildcard)).MaxBy(c => c.NotAfter);
    }

    private CertificateInfo Info(CertificateRecord c) =>
        new(c.Id, c.Hosts.Split(','), c.Source, c.NotAfter, (int)Math.Floor((c.NotAfter - time.GetUtcNow()).TotalDays));
}
