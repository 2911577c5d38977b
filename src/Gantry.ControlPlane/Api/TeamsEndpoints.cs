using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/teams</c>: teams own apps; a member's role in a team applies to its apps (docs/access.md).</summary>
public static class TeamsEndpoints
{
    public static void MapTeams(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", async (TeamStore store, CancellationToken ct) => (await store.ListAsync(ct)).Select(t => new TeamInfo(
                t.Team.Name, [.. t.Members.Select(m => new TeamMemberInfo(m.User, m.Role))], t.Apps, t.Team.CreatedAt, t.Team.CreatedBy)).ToList())
            .WithSummary("Lists the teams with their members' roles and their apps.");

        teams.MapPost("/", async Task<IResult> (CreateTeamRequest? body, HttpContext http, TeamStore store, CancellationToken ct) =>
                AccessNames.TeamProblem("name", body?.Name) is { } problem ? ApiResults.Problem(StatusCodes.Status400BadRequest, problem)
                : await store.AddAsync(body!.Name!, AppsEndpoints.Actor(http), ct) ? Results.Created($"/api/v1/teams/{body.Name}", new TeamInfo(body.Name!, [], [], DateTimeOffset.UtcNow, AppsEndpoints.Actor(http)))
                : ApiResults.Problem(StatusCodes.Status409Conflict, $"name: there is a team '{body.Name}'"))
            .Produces<TeamInfo>(StatusCodes.Status201Created)
            .WithSummary("Makes a team.");

        teams.MapDelete("/{team}", async Task<IResult> (string team, TeamStore store, ApiTokenRegistry tokens, CancellationToken ct) =>
            {
                if (!await store.RemoveAsync(team, ct))
                {
                    return ApiResults.Problem(StatusCodes.Status404NotFound, $"no team '{team}'");
                }

                tokens.Forget(g => g.Scopes.Any(s => s.Kind == ScopeKind.Team && s.Name == team));
                return Results.NoContent();
            })
            .WithSummary("Removes a team, its memberships and its tokens; its apps stay, owned by no team.");

        teams.MapPut("/{team}/members/{user}", async Task<IResult> (string team, string user, SetMemberRequest? body, TeamStore store, UserDirectory users, CancellationToken ct) =>
            {
                var role = Roles.Parse(body?.Role ?? "deployer");
                var problem = role is null ? $"role: '{body?.Role}' is not a role; roles: {string.Join(", ", Roles.Names)}"
                    : !await store.ExistsAsync(team, ct) ? $"team: there is no team '{team}'"
                    : !users.Exists(user) ? $"user: there is no user '{user}'"
                    : null;
                if (problem is not null)
                {
                    return ApiResults.Problem(problem.StartsWith("role", StringComparison.Ordinal) ? StatusCodes.Status400BadRequest : StatusCodes.Status404NotFound, problem);
                }

                await users.SetMembershipAsync(team, user, role, ct);
                return Results.Ok(new TeamMemberInfo(user, Roles.Name(role!.Value)));
            })
            .WithSummary("Gives a user a role in a team (replacing their role there).");

        teams.MapDelete("/{team}/members/{user}", async Task<IResult> (string team, string user, UserDirectory users, CancellationToken ct) =>
                await users.SetMembershipAsync(team, user, null, ct) ? Results.NoContent()
                : ApiResults.Problem(StatusCodes.Status404NotFound, $"'{user}' is not a member of team '{team}'"))
            .WithSummary("Takes a user out of a team.");

        teams.MapPost("/{team}/kubeconfig", async Task<IResult> (string team, KubeconfigRequest? body, HttpContext http, Targets.TeamKubeconfigs kubeconfigs, CancellationToken ct) =>
            {
                var grant = AccessGrant.FromClaims(http.User);
                if (grant.RoleInTeam(team) is not { } role || role < Role.Deployer || grant.OnlyApp is not null || grant.Workload is not null)
                {
                    return ApiResults.Problem(StatusCodes.Status403Forbidden, $"{grant.Describe()} may not get team '{team}''s cluster credentials: that takes the deployer role in the team (or on the platform)");
                }

                if (body?.Environment is not { Length: > 0 } environment)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, "environment: name the environment whose cluster the kubeconfig is for");
                }

                try
                {
                    return Results.Text(await kubeconfigs.IssueAsync(team, environment, ct), "application/yaml");
                }
                catch (Targets.EnvironmentException e)
                {
                    return ApiResults.Problem(e.Status, e.Message);
                }
            })
            .Produces<string>(StatusCodes.Status200OK, "application/yaml")
            .WithSummary("Applies the team's ServiceAccount, Role and RoleBinding in its apps' namespaces of the environment's cluster, and answers a kubeconfig that can touch only those.");

        api.MapPut("/apps/{app}/team", async Task<IResult> (string app, SetAppTeamRequest? body, TeamStore store, CancellationToken ct) =>
                body?.Team is { } team && !await store.ExistsAsync(team, ct) ? ApiResults.Problem(StatusCodes.Status400BadRequest, $"team: there is no team '{team}'")
                : await store.SetOwnerAsync(app, body?.Team, ct) ? Results.Ok(new SetAppTeamRequest(body?.Team))
                : ApiResults.Problem(StatusCodes.Status404NotFound, $"no app '{app}'"))
            .WithTags("Teams")
            .WithSummary("Gives an app to a team (its members' roles apply to it), or with team null to no team.");
    }
}
