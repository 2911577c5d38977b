using Gantry.ControlPlane.DataPlane;
using Gantry.ControlPlane.Hosting;
using Gantry.ControlPlane.Security;
using Microsoft.AspNetCore.Authorization;

namespace Gantry.ControlPlane.Api;

/// <summary>Maps the whole admin API under <c>/api/v1</c>, every endpoint behind the bearer token.</summary>
public static class ApiEndpoints
{
    public static void MapGantryApi(this WebApplication app)
    {
        // The API takes the bearer token only: a browser's console cookie must never be enough to change anything here.
        var bearerOnly = new AuthorizeAttribute { AuthenticationSchemes = BearerTokenHandler.SchemeName };
        var api = app.MapGroup("/api/v1").RequireAuthorization(bearerOnly).AddEndpointFilter<Audit.AuditFilter>();
        api.MapApps();
        api.MapDeploys();
        api.MapReleases();
        api.MapLogs();
        api.MapEvents();
        api.MapClients();
        api.MapTls();
        api.MapTargets();
        api.MapResources();
        api.MapBackups();
        api.MapSettings();
        api.MapGateways();
        api.MapGit();
        api.MapNotifications();
        api.MapAudit();
        api.MapJobs();
        api.MapTokens();
        api.MapUsers();
        api.MapTeams();
        api.MapSessions();

        // Prometheus scrapes with 'authorization: {credentials: TOKEN}'; same bearer token as the API.
        app.MapGet("/metrics", async (DataPlane.GatewayTraffic traffic, CancellationToken ct) =>
                await traffic.PrometheusAsync(ct) is { } text
                    ? Results.Text(text, Gateway.Metrics.PrometheusText.ContentType)
                    : ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "the gateway process does not answer (it is being started again); try again in a moment"))
            .RequireAuthorization(bearerOnly)
            .ExcludeFromDescription();
        app.MapPlatformMetrics(bearerOnly);
        app.MapOpenApi("/api/v1/openapi.json").RequireAuthorization(bearerOnly);
        app.MapGatewayFeed();
        app.MapGitHooks();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
    }
}
