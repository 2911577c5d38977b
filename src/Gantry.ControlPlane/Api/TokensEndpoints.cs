using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/tokens</c>: API tokens with a role, optionally for one app, team or workload and until a time; shown once, stored hashed.</summary>
public static class TokensEndpoints
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("/", async (ApiTokenRegistry registry, CancellationToken ct) => (await registry.ListAsync(ct)).Select(Info).ToList())
            .WithSummary("Lists the API tokens with their role, app, expiry and last use; never their values.");

        tokens.MapPost("/", async Task<IResult> (CreateTokenRequest? body, HttpContext http, ApiTokenRegistry registry, AppQueries apps, TeamStore teams, TimeProvider time, CancellationToken ct) =>
            {
                if (await CheckAsync(body, apps, teams, time, ct) is { } problem)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, problem);
                }

                var role = Roles.Parse(body!.Role ?? "deployer")!.Value;
                var scope = body.App is { } app ? AccessScope.OnApp(app, role) : body.Team is { } team ? AccessScope.OnTeam(team, role) : AccessScope.OnPlatform(role);
                var created = await registry.CreateAsync(body.Name!, scope, body.Workload, body.ExpiresAt, AppsEndpoints.Actor(http), ct);
                return created is { } made
                    ? Results.Created($"/api/v1/tokens/{made.Record.Name}", new TokenCreated(made.Token, Info(made.Record)))
                    : ApiResults.Problem(StatusCodes.Status409Conflict, $"name: a token named '{body.Name}' exists; revoke it first or choose another name");
            })
            .Produces<TokenCreated>(StatusCodes.Status201Created)
            .WithSummary("Makes a token; its value is in this answer only.");

        tokens.MapDelete("/{name}", async Task<IResult> (string name, ApiTokenRegistry registry, CancellationToken ct) =>
                name is ApiTokenRegistry.AdminName or ApiTokenRegistry.GatewayName
                    ? ApiResults.Problem(StatusCodes.Status400BadRequest, $"'{name}' is Gantry's own token: delete its file in the data folder and restart to replace it")
                    : await registry.RevokeAsync(name, ct) ? Results.NoContent()
                    : ApiResults.Problem(StatusCodes.Status404NotFound, $"no token named '{name}'"))
            .WithSummary("Revokes a token: requests with it get 401 from now on.");
    }

    private static async Task<string?> CheckAsync(CreateTokenRequest? body, AppQueries apps, TeamStore teams, TimeProvider time, CancellationToken ct)
    {
        if (body?.Name is not { Length: > 0 } name)
        {
            return "name: give the token a name, for example {\"name\": \"ci-shop\", \"role\": \"deployer\", \"app\": \"shop\"}";
        }

        if (AccessNames.Problem("name", name) is { } badName)
        {
            return badName;
        }

        if (body.Role is { } role && Roles.Parse(role) is null)
        {
            return $"role: '{role}' is not a role; roles: {string.Join(", ", Roles.Names)}";
        }

        if (body.App is { } app && await apps.GetAsync(app, ct) is null)
        {
            return $"app: there is no app '{app}'";
        }

        if (body.Team is { } team && (body.App is not null ? "team: give 'app' or 'team', not both" : !await teams.ExistsAsync(team, ct) ? $"team: there is no team '{team}'" : null) is { } teamProblem)
        {
            return teamProblem;
        }

        if (body.Workload is { } workload && (body.App is null ? "workload: a token for one workload names its app too ('app')" : AccessNames.Problem("workload", workload)) is { } workloadProblem)
        {
            return workloadProblem;
        }

        return body.ExpiresAt is { } at && at <= time.GetUtcNow() ? $"expiresAt: {at:O} has passed; give a time in the future" : null;
    }

    internal static TokenInfo Info(ApiTokenRecord t) => new(t.Name, t.Role, t.App, t.CreatedAt, t.CreatedBy, t.ExpiresAt, t.LastUsedAt, t.Team, t.Workload, t.User);
}
