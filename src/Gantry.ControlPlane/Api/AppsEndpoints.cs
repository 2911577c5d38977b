using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Deploy;
using Gantry.ControlPlane.Orchestration;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/apps</c>: list, show, delete, instances.</summary>
public static partial class AppsEndpoints
{
    public const string AppRoute = "{app:regex(^[a-z0-9][a-z0-9-]{{0,61}}[a-z0-9]$)}";

    /// <summary>App and workload names are RFC 1123 labels; nothing else reaches a path on disk.</summary>
    public static bool IsName(string text) => NamePattern().IsMatch(text);

    public static void MapApps(this RouteGroupBuilder api)
    {
        var apps = api.MapGroup("/apps").WithTags("Apps");

        apps.MapGet("/", async (HttpContext http, AppQueries queries, CancellationToken ct) => await Security.Access.AccessVisibility.FilterAsync(http, await queries.ListAsync(ct), a => a.Name))
            .WithSummary("Lists the apps the caller may see (every one with a platform role) with their health, current release and URLs.");

        apps.MapGet($"/{AppRoute}", async Task<IResult> (string app, AppQueries queries, CancellationToken ct) =>
                await queries.GetAsync(app, ct) is { } detail ? Results.Ok(detail) : NotFound(app))
            .Produces<AppDetail>()
            .WithSummary("Shows an app: workloads, instances, latest release and why anything is unhealthy.");

        apps.MapDelete($"/{AppRoute}", async Task<IResult> (string app, bool? purge, bool? purgeVolumes, HttpContext http, DeployService deploys, CancellationToken ct) =>
                await deploys.DeleteAsync(app, purge == true || purgeVolumes == true, Actor(http), ct) ? Results.NoContent() : NotFound(app))
            .WithSummary("Deletes an app: stops its instances, removes its routes, releases, files and logs; its volumes and its resources' databases only with purge=true (purgeVolumes=true is the older name).");

        apps.MapGet($"/{AppRoute}/instances", (string app, LocalOrchestrator orchestrator) =>
                orchestrator.View(app).Instances.Select(AppQueries.ToInfo).ToList())
            .WithSummary("Lists the app's instances on this machine.");

        apps.MapGet($"/{AppRoute}/metrics", async Task<IResult> (string app, AppQueries queries, DataPlane.GatewayTraffic traffic, CancellationToken ct) =>
                await queries.GetAsync(app, ct) is null ? NotFound(app)
                : await traffic.OfAppAsync(app, ct) is { } metrics ? Results.Ok(metrics)
                : ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "the gateway process does not answer (it is being started again); try again in a moment"))
            .Produces<IReadOnlyList<RouteMetricsInfo>>()
            .WithSummary("The app's traffic per route over the last hour, per minute: requests, server errors, p50 and p95 latency (ms, bucket bounds).");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$")]
    private static partial System.Text.RegularExpressions.Regex NamePattern();

    public static IResult NotFound(string app) => ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' does not exist");

    public static string Actor(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
