using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tls;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/certificates</c>, <c>/ca</c> and <c>/domains</c>: what the HTTPS listener serves and for which hosts.</summary>
public static class TlsEndpoints
{
    public static void MapTls(this RouteGroupBuilder api)
    {
        var routes = api.MapGroup("").WithTags("TLS");

        routes.MapGet("/certificates", (TlsChanges changes, CancellationToken ct) => changes.CertificatesAsync(ct))
            .WithSummary("Lists the stored certificates with their hosts, source (local-ca, upload, acme) and expiry.");

        routes.MapPost("/certificates", async Task<IResult> (UploadCertificateRequest? body, TlsChanges changes, CancellationToken ct) =>
                ApiResults.From(await changes.UploadAsync(body, ct), made => Results.Created($"/api/v1/certificates/{made.Id}", made)))
            .Produces<CertificateInfo>(201)
            .WithSummary("Uploads a certificate chain and its private key (PEM); served from now on for the hosts it names.");

        routes.MapDelete("/certificates/{id:long}", async Task<IResult> (long id, TlsChanges changes, CancellationToken ct) => ApiResults.From(await changes.RemoveCertificateAsync(id, ct)))
            .WithSummary("Removes a certificate; local-CA hosts get a new one at once.");

        routes.MapGet("/ca", (LocalCaFiles ca) => Results.Text(ca.Get().ExportCertificatePem() + "\n", "application/x-pem-file"))
            .WithSummary("The local CA's certificate (PEM): trust it to reach *.localhost apps over HTTPS without warnings.");

        routes.MapGet("/domains", (TlsChanges changes, CancellationToken ct) => changes.DomainsAsync(null, ct))
            .WithSummary("Lists every host the gateway routes (apps' own and custom domains) with its certificate or why it has none.");

        var app = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}/domains").WithTags("TLS");
        app.MapPost("/", async Task<IResult> (string app, AddDomainRequest? body, TlsChanges changes, CancellationToken ct) =>
                ApiResults.From(await changes.AddDomainAsync(app, body?.Host, body?.Target, ct), domain => Results.Created($"/api/v1/apps/{app}/domains/{domain.Host}", domain)))
            .Produces<DomainInfo>(201)
            .WithSummary("Adds a custom domain routed like one of the app's hosts; a certificate follows (local CA, upload).");

        app.MapDelete("/{host}", async Task<IResult> (string app, string host, TlsChanges changes, CancellationToken ct) => ApiResults.From(await changes.RemoveDomainAsync(app, host, ct)))
            .WithSummary("Removes a custom domain: its requests get 404 from then on.");
    }
}
