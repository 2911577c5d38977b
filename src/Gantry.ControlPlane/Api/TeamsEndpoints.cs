using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/teams</c>: teams own apps; a member's role in a team applies to its apps (docs/access.md).</summary>
public static class TeamsEndpoints
{
    public static void MapTeams(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams");
        teams.MapGet("/", (TeamChanges changes, CancellationToken ct) => changes.ListAsync(ct))
            .WithSummary("Lists the teams with their members' roles and their apps.");

        teams.MapPost("/", async Task<IResult> (CreateTeamRequest? body, HttpContext http, TeamChanges changes, CancellationToken ct) =>
                ApiResults.From(await changes.CreateAsync(body?.Name, AppsEndpoints.Actor(http), ct), team => Results.Created($"/api/v1/teams/{team.Name}", team)))
            .Produces<TeamInfo>(StatusCodes.Status201Created)
            .WithSummary("Makes a team.");

        teams.MapDelete("/{team}", async Task<IResult> (string team, TeamChanges changes, CancellationToken ct) => ApiResults.From(await changes.RemoveAsync(team, ct)))
            .WithSummary("Removes a team, its memberships and its tokens; its apps stay, owned by no team.");

        teams.MapPut("/{team}/members/{user}", async Task<IResult> (string team, string user, SetMemberRequest? body, TeamChanges changes, CancellationToken ct) =>
                ApiResults.From(await changes.SetMemberAsync(team, user, body?.Role, ct), Results.Ok))
            .WithSummary("Gives a user a role in a team (replacing their role there).");

        teams.MapDelete("/{team}/members/{user}", async Task<IResult> (string team, string user, TeamChanges changes, CancellationToken ct) =>
                ApiResults.From(await changes.RemoveMemberAsync(team, user, ct)))
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

        api.MapPut("/apps/{app}/team", async Task<IResult> (string app, SetAppTeamRequest? body, TeamChanges changes, CancellationToken ct) =>
                await changes.SetOwnerAsync(app, body?.Team, ct) is { } refused ? ApiResults.From(refused) : Results.Ok(new SetAppTeamRequest(body?.Team)))
            .WithTags("Teams")
            .WithSummary("Gives an app to a team (its members' roles apply to it), or with team null to no team.");
    }
}
