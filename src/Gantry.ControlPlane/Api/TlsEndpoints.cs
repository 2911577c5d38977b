using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Store;
using Gantry.ControlPlane.Tls;
using Gantry.Gateway.Tls;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/certificates</c>, <c>/ca</c> and <c>/domains</c>: what the HTTPS listener serves and for which hosts.</summary>
public static class TlsEndpoints
{
    private const int MaxPemLength = 64 * 1024;

    public static void MapTls(this RouteGroupBuilder api)
    {
        var tls = api.MapGroup("").WithTags("TLS");

        tls.MapGet("/certificates", async (CertificateVault vault, TimeProvider time, CancellationToken ct) =>
                (await vault.ListAsync(ct)).Select(c => Info(c, time)).ToList())
            .WithSummary("Lists the stored certificates with their hosts, source (local-ca, upload, acme) and expiry.");

        tls.MapPost("/certificates", async Task<IResult> (UploadCertificateRequest? body, CertificateVault vault, CertificateManager manager, TimeProvider time, CancellationToken ct) =>
            {
                if (body?.Certificate is not { Length: > 0 and <= MaxPemLength } certificate || body.Key is not { Length: > 0 and <= MaxPemLength } key)
                {
                    return ApiResults.Problem(400, "certificate and key: give both, PEM, at most 64 KiB each");
                }

                ServedCertificate served;
                try
                {
                    served = PemCertificates.Load(certificate, key);
                }
                catch (PemCertificateException ex)
                {
                    return ApiResults.Problem(400, ex.Message);
                }

                var record = await vault.SaveAsync(served, "upload", ct);
                await manager.ReconcileAsync(ct);
                return Results.Created($"/api/v1/certificates/{record.Id}", Info(record, time));
            })
            .Produces<CertificateInfo>(201)
            .WithSummary("Uploads a certificate chain and its private key (PEM); served from now on for the hosts it names.");

        tls.MapDelete("/certificates/{id:long}", async Task<IResult> (long id, CertificateVault vault, CertificateManager manager, CancellationToken ct) =>
            {
                if (!await vault.RemoveAsync(id, ct))
                {
                    return ApiResults.Problem(404, $"there is no certificate {id}");
                }

                await manager.ReconcileAsync(ct);
                return Results.NoContent();
            })
            .WithSummary("Removes a certificate; local-CA hosts get a new one at once.");

        tls.MapGet("/ca", (LocalCaFiles ca) => Results.Text(ca.Get().ExportCertificatePem() + "\n", "application/x-pem-file"))
            .WithSummary("The local CA's certificate (PEM): trust it to reach *.localhost apps over HTTPS without warnings.");

        tls.MapGet("/domains", async (DomainRegistry domains, CertificateVault vault, CertificateManager manager, GatewayConfigSource gateway, TimeProvider time, CancellationToken ct) =>
            {
                var certificates = await vault.ListAsync(ct);
                var custom = (await domains.ListAsync(ct)).ToDictionary(d => d.Host, StringComparer.OrdinalIgnoreCase);
                return gateway.Current.Routes
                    .GroupBy(r => r.Host.ToLowerInvariant())
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g =>
                    {
                        var domain = custom.GetValueOrDefault(g.Key);
                        var certificate = Best(certificates, g.Key);
                        return new DomainInfo(g.Key, g.First().App, domain is null ? "route" : "custom", domain?.Target,
                            certificate is null ? null : Info(certificate, time), manager.ProblemOf(g.Key));
                    })
                    .ToList();
            })
            .WithSummary("Lists every host the gateway routes (apps' own and custom domains) with its certificate or why it has none.");

        var app = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}/domains").WithTags("TLS");
        app.MapPost("/", async Task<IResult> (string app, AddDomainRequest? body, DomainRegistry domains, AppQueries apps, CancellationToken ct) =>
            {
                if (await apps.GetAsync(app, ct) is null)
                {
                    return AppsEndpoints.NotFound(app);
                }

                var (domain, status, error) = await domains.AddAsync(app, body?.Host ?? "", body?.Target, ct);
                return domain is null
                    ? ApiResults.Problem(status, error!)
                    : Results.Created($"/api/v1/apps/{app}/domains/{domain.Host}", new DomainInfo(domain.Host, app, "custom", domain.Target, null, null));
            })
            .Produces<DomainInfo>(201)
            .WithSummary("Adds a custom domain routed like one of the app's hosts; a certificate follows (local CA, upload).");

        app.MapDelete("/{host}", async Task<IResult> (string app, string host, DomainRegistry domains, CancellationToken ct) =>
                await domains.RemoveAsync(app, host, ct) ? Results.NoContent() : ApiResults.Problem(404, $"app '{app}' has no domain '{host}'"))
            .WithSummary("Removes a custom domain: its requests get 404 from then on.");
    }

    private static CertificateRecord? Best(IReadOnlyList<CertificateRecord> certificates, string host)
    {
        var wildcard = host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? "*" + host[dot..] : null;
        return certificates.Where(c => c.Hosts.Split(',').Any(h => h == host || h == wildcard)).MaxBy(c => c.NotAfter);
    }

    private static CertificateInfo Info(CertificateRecord c, TimeProvider time) =>
        new(c.Id, c.Hosts.Split(','), c.Source, c.NotAfter, (int)Math.Floor((c.NotAfter - time.GetUtcNow()).TotalDays));
}
