using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Store;
using Gantry.ControlPlane.Targets;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/targets</c>, <c>/environments</c> and promotions: where apps go beyond this machine.</summary>
public static class TargetsEndpoints
{
    public static void MapTargets(this RouteGroupBuilder api)
    {
        var targets = api.MapGroup("/targets").WithTags("Environments");
        targets.MapGet("/", async (EnvironmentRegistry registry, CancellationToken ct) => (await registry.ListTargetsAsync(ct)).Select(Info).ToList())
            .WithSummary("Lists the registered clusters and GitOps repositories.");
        targets.MapPut("/{name}", (string name, TargetRequest? body, EnvironmentRegistry registry, CancellationToken ct) => Handle(async () =>
            {
                var kind = body?.Kind?.Trim().ToLowerInvariant() switch
                {
                    "kubernetes" => TargetKind.Kubernetes,
                    "gitops" => TargetKind.GitOps,
                    var other => throw new EnvironmentException(400, $"kind: '{other}' is not a target kind; use kubernetes or gitops"),
                };
                var input = new TargetInput(kind, body!.Kubeconfig, body.Context, body.Repository, body.Branch, body.Gateway, body.Registry, body.Domain, body.Operators);
                return Results.Ok(Info(await registry.SaveTargetAsync(name, input, ct)));
            }))
            .Produces<TargetInfo>()
            .WithSummary("Registers or replaces a target: {kind: kubernetes, kubeconfig?, context?} or {kind: gitops, repository, branch?}; both take gateway (NAMESPACE/NAME) and registry.");
        targets.MapDelete("/{name}", (string name, EnvironmentRegistry registry, CancellationToken ct) => Handle(async () =>
            {
                await registry.RemoveTargetAsync(name, ct);
                return Results.NoContent();
            }))
            .WithSummary("Removes a target no environment uses.");

        var environments = api.MapGroup("/environments").WithTags("Environments");
        environments.MapGet("/", async (EnvironmentRegistry registry, CancellationToken ct) =>
            {
                var kinds = (await registry.ListTargetsAsync(ct)).ToDictionary(t => t.Name, t => t.Kind.ToString().ToLowerInvariant());
                return (await registry.ListEnvironmentsAsync(ct))
                    .Select(e => new EnvironmentInfo(e.Name, e.Target, kinds.GetValueOrDefault(e.Target, EnvironmentRecord.Local)))
                    .Prepend(new EnvironmentInfo(EnvironmentRecord.Local, EnvironmentRecord.Local, EnvironmentRecord.Local))
                    .ToList();
            })
            .WithSummary("Lists the environments and their targets; 'local' (this machine) is always there.");
        environments.MapPut("/{name}", (string name, EnvironmentRequest? body, EnvironmentRegistry registry, CancellationToken ct) => Handle(async () =>
            {
                var environment = await registry.SaveEnvironmentAsync(name, body?.Target?.Trim() ?? "", ct);
                return Results.Ok(new EnvironmentInfo(environment.Name, environment.Target, null));
            }))
            .Produces<EnvironmentInfo>()
            .WithSummary("Creates an environment or maps it to another target: {target: NAME or local}.");
        environments.MapDelete("/{name}", (string name, EnvironmentRegistry registry, CancellationToken ct) => Handle(async () =>
            {
                await registry.RemoveEnvironmentAsync(name, ct);
                return Results.NoContent();
            }))
            .WithSummary("Removes an environment (what runs there stays; Gantry forgets the mapping).");

        var app = api.MapGroup($"/apps/{AppsEndpoints.AppRoute}").WithTags("Environments");
        app.MapPost("/promote", (string app, PromoteRequest? body, HttpContext http, PromotionService promotions, CancellationToken ct) => Handle(async () =>
            {
                if (body?.From is not { Length: > 0 } from || body.To is not { Length: > 0 } to)
                {
                    throw new EnvironmentException(400, "from and to are required: {\"from\": \"staging\", \"to\": \"prod\"}");
                }

                var started = await promotions.PromoteAsync(app, from, to, AppsEndpoints.Actor(http), ct);
                var location = started.Record is null
                    ? ApiResults.ReleaseLocation(app, started.Release)
                    : $"/api/v1/apps/{app}/environments/{started.Environment}/releases/{started.Release}";
                return Results.Accepted(location, new PromotionAccepted(app, started.Environment, started.Release, location));
            }))
            .Produces<PromotionAccepted>(StatusCodes.Status202Accepted)
            .WithSummary("Deploys the release spec serving in 'from' (local, or an environment's last successful release) to 'to'.");
        app.MapGet("/environments/releases", async (string app, PromotionService promotions, CancellationToken ct) =>
                (await promotions.ListAsync(app, null, ct)).Select(Describe).ToList())
            .WithSummary("Lists the app's releases in every environment, newest first per environment.");
        app.MapGet("/environments/{environment}/releases/{number:int}", async Task<IResult> (string app, string environment, int number, PromotionService promotions, CancellationToken ct) =>
                (await promotions.ListAsync(app, environment, ct)).FirstOrDefault(r => r.Number == number) is { } release
                    ? Results.Ok(Describe(release))
                    : ApiResults.Problem(404, $"app '{app}' has no release {number} in {environment}"))
            .Produces<EnvironmentReleaseInfo>()
            .WithSummary("One release of the app in an environment: status, message, commit.");
    }

    /// <summary>The endpoint's answer, or its <see cref="EnvironmentException"/> as the problem the console shows too.</summary>
    private static async Task<IResult> Handle(Func<Task<IResult>> action) =>
        ApiResults.From(await EnvironmentException.CatchAsync(action), result => result);

    private static TargetInfo Info(TargetRecord t) => new(
        t.Name, t.Kind.ToString().ToLowerInvariant(), t.Kubeconfig, t.Context, t.Repository, t.Kind == TargetKind.GitOps ? t.Branch : null, t.Gateway, t.Registry, t.Domain)
    {
        Operators = t.Operators.Split(',', StringSplitOptions.RemoveEmptyEntries),
    };

    /// <summary>An environment release as the API and the console show it.</summary>
    public static EnvironmentReleaseInfo Describe(EnvironmentReleaseRecord r) => new(
        r.App, r.Environment, r.Number, r.Origin, r.Status.ToString(), r.Message, r.Commit, r.Actor, r.CreatedAt, r.FinishedAt);
}
