using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Resources;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/provisioners</c>, <c>/apps/APP/resources</c> and <c>/services</c>: the types the platform provisions, an app's resources, the servers that hold them.</summary>
public static class ResourcesEndpoints
{
    public static void MapResources(this RouteGroupBuilder api)
    {
        api.MapGet("/provisioners", (ResourceQueries queries) => queries.Provisioners())
            .WithTags("Resources")
            .Produces<IReadOnlyList<ProvisionerInfo>>()
            .WithSummary("Lists the resource types this platform provisions (built-in and DATA/provisioners), with their params and outputs.");

        api.MapGet($"/apps/{AppsEndpoints.AppRoute}/resources", async Task<IResult> (string app, ResourceQueries queries, CancellationToken ct) =>
                await queries.ListAsync(app, ct) is { } list ? Results.Ok(list) : AppsEndpoints.NotFound(app))
            .WithTags("Resources")
            .Produces<IReadOnlyList<ResourceInfo>>()
            .WithSummary("Lists the app's resources: type, server, status and outputs (secret outputs hidden, with fingerprints).");

        api.MapGet($"/apps/{AppsEndpoints.AppRoute}/resources/{{name}}", async Task<IResult> (string app, string name, ResourceQueries queries, HttpContext http, CancellationToken ct) =>
                await queries.ShowAsync(app, name, reveal: false, AppsEndpoints.Actor(http), ct) is { } info
                    ? Results.Ok(info)
                    : ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' has no resource '{name}'"))
            .WithTags("Resources")
            .Produces<ResourceInfo>()
            .WithSummary("Shows one resource, by the name a workload gives it (db, web:db) or its key; secret outputs hidden.");

        api.MapPost($"/apps/{AppsEndpoints.AppRoute}/resources/{{name}}/reveal", async Task<IResult> (string app, string name, ResourceQueries queries, HttpContext http, CancellationToken ct) =>
                await queries.ShowAsync(app, name, reveal: true, AppsEndpoints.Actor(http), ct) is { } info
                    ? Results.Ok(info)
                    : ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' has no resource '{name}'"))
            .WithTags("Resources")
            .Produces<ResourceInfo>()
            .WithSummary("Shows one resource with its secret outputs (a password). Every reveal is recorded as a resource.secrets.revealed event naming who asked.");

        api.MapGet("/services", (ResourceQueries queries, CancellationToken ct) => queries.ServicesAsync(ct))
            .WithTags("Resources")
            .Produces<IReadOnlyList<PlatformServiceInfo>>()
            .WithSummary("Lists the platform's servers (one per resource type and class): state, pid, restarts, data size, apps using them.");
    }
}
