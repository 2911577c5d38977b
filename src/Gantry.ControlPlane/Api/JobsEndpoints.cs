using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Jobs;
using Gantry.ControlPlane.Orchestration;
using Gantry.Runtime.Logs;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/jobs</c> and <c>/apps/APP/jobs</c>: apps' scheduled jobs, their runs and output, and a run started now.</summary>
public static class JobsEndpoints
{
    private const string JobRoute = "{job:regex(^[a-z0-9][a-z0-9-]{{0,61}}[a-z0-9]$)}";

    public static void MapJobs(this RouteGroupBuilder api)
    {
        api.MapGet("/jobs", async (HttpContext http, JobQueries jobs, CancellationToken ct) =>
                Results.Ok(await Security.Access.AccessVisibility.FilterAsync(http, await jobs.ListAsync(null, ct) ?? [], j => j.App)))
            .WithTags("Jobs")
            .Produces<IReadOnlyList<JobInfo>>()
            .WithSummary("Lists the scheduled jobs of every app's serving release, with their next run and latest run.");

        var route = $"/apps/{AppsEndpoints.AppRoute}/jobs";
        var group = api.MapGroup(route).WithTags("Jobs");
        group.MapGet("/", async (string app, JobQueries jobs, CancellationToken ct) =>
                await jobs.ListAsync(app, ct) is { } list ? Results.Ok(list) : AppsEndpoints.NotFound(app))
            .Produces<IReadOnlyList<JobInfo>>()
            .WithSummary("Lists the app's scheduled jobs (its serving release's), with their next run and latest run.");
        group.MapGet($"/{JobRoute}/runs", async (string app, string job, int? limit, JobQueries jobs, CancellationToken ct) =>
                Results.Ok(await jobs.RunsAsync(app, job, Math.Clamp(limit ?? 20, 1, 1000), ct)))
            .Produces<IReadOnlyList<JobRunInfo>>()
            .WithSummary("Lists the job's runs, newest first (?limit=, default 20): trigger, state, exit code, duration, why one failed or was skipped.");
        group.MapPost($"/{JobRoute}/runs", async Task<IResult> (string app, string job, JobScheduler scheduler, CancellationToken ct) =>
            {
                try
                {
                    var run = await scheduler.RunNowAsync(app, job, ct);
                    return Results.Accepted($"/api/v1/apps/{app}/jobs/{job}/runs/{run.Id}", JobQueries.ToInfo(run));
                }
                catch (JobRefusedException e)
                {
                    return ApiResults.Problem(e.Status, e.Message);
                }
            })
            .Produces<JobRunInfo>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Starts a run of the job now, beside any that run; answers at once with the run (poll it, or its logs, to follow it).");
        group.MapGet($"/{JobRoute}/runs/{{id:long}}", async (string app, string job, long id, JobRunStore runs, CancellationToken ct) =>
                await runs.FindAsync(app, id, ct) is { } run && run.Job == job ? Results.Ok(JobQueries.ToInfo(run)) : NoRun(app, job, id))
            .Produces<JobRunInfo>()
            .WithSummary("One run of the job.");
        group.MapGet($"/{JobRoute}/runs/{{id:long}}/logs", async (string app, string job, long id, int? limit, JobRunStore runs, LogStore logs, CancellationToken ct) =>
            {
                if (await runs.FindAsync(app, id, ct) is not { } run || run.Job != job)
                {
                    return NoRun(app, job, id);
                }

                var query = new LogQuery(app, InstanceFactory.JobWorkloadName(job), null, Math.Clamp(limit ?? 1000, 1, 100_000)) { InstanceId = run.LogId };
                return Results.Ok(logs.Read(query));
            })
            .Produces<IReadOnlyList<LogLine>>()
            .WithSummary("The run's output, every attempt's, oldest first (?limit=, default 1000 lines), with Gantry's lines about its attempts.");
    }

    private static IResult NoRun(string app, string job, long id) =>
        ApiResults.Problem(StatusCodes.Status404NotFound, $"job '{job}' of app '{app}' has no run {id}");
}
