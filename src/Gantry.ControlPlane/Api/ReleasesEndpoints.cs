using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Secrets;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/apps/APP/releases</c>: the release history and one release with its rollout events.</summary>
public static class ReleasesEndpoints
{
    public static void MapReleases(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}/releases").WithTags("Releases");

        releases.MapGet("/", async Task<IResult> (string app, AppQueries queries, CancellationToken ct) =>
                await queries.ReleasesAsync(app, ct) is { } list ? Results.Ok(list) : AppsEndpoints.NotFound(app))
            .Produces<IReadOnlyList<ReleaseInfo>>()
            .WithSummary("Lists an app's releases, newest first, with who, when, source and outcome.");

        releases.MapGet("/{number:int}", async Task<IResult> (string app, int number, AppQueries queries, AppEventLog events, ReleaseActivity activity, CancellationToken ct) =>
            {
                if (await queries.ReleaseAsync(app, number, ct) is not var (info, spec))
                {
                    return ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' has no release {number}");
                }

                var history = await events.ListAsync(app, number, afterId: 0, limit: 500, ct);
                return Results.Ok(new ReleaseDetail(info, spec, [.. history.Select(EventsEndpoints.ToInfo)], activity.Get(app, number)));
            })
            .Produces<ReleaseDetail>()
            .WithSummary("Shows one release: its resolved spec (secret values hidden, with fingerprints), outcome and rollout events.");

        releases.MapGet("/{number:int}/build-log", async Task<IResult> (string app, int number, AppQueries queries, BuildLogs logs, CancellationToken ct) =>
            {
                if (await queries.ReleaseAsync(app, number, ct) is null)
                {
                    return ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' has no release {number}");
                }

                return await logs.ReadAsync(app, number, ct) is { } log
                    ? Results.Text(log, "text/plain; charset=utf-8")
                    : ApiResults.Problem(StatusCodes.Status404NotFound, $"release {number} of '{app}' has no build log: its build has not started, or it was built elsewhere");
            })
            .Produces<string>(contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Shows a release's build output as text: each step, its output, what the builder detected, and why a build failed.");

        releases.MapPost("/{number:int}/secrets/reveal", async Task<IResult> (string app, int number, HttpContext http, SecretReveal reveal, CancellationToken ct) =>
                await reveal.RevealAsync(app, number, AppsEndpoints.Actor(http), ct) is { } secrets
                    ? Results.Ok(new RevealedSecrets(app, number, secrets))
                    : ApiResults.Problem(StatusCodes.Status404NotFound, $"app '{app}' has no release {number}"))
            .Produces<RevealedSecrets>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Shows a release's secret values. Every reveal is recorded as a release.secrets.revealed event naming who asked.");
    }
}
