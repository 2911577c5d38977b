namespace Gantry.ControlPlane.Api;

/// <summary>Maps the whole admin API under <c>/api/v1</c>, every endpoint behind the bearer token.</summary>
public static class ApiEndpoints
{
    public static void MapGantryApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        api.MapApps();
        api.MapDeploys();
        api.MapReleases();
        api.MapLogs();
        api.MapEvents();
        app.MapOpenApi("/api/v1/openapi.json").RequireAuthorization();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
    }
}
