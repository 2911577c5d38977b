using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/users</c>: people who sign in, with a role on the platform or in teams (docs/access.md).</summary>
public static class UsersEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", async (UserDirectory directory, CancellationToken ct) => (await directory.ListAsync(ct)).Select(u => Info(u.User, u.Teams)).ToList())
            .WithSummary("Lists the users with their roles and last sign-in; never their passwords.");

        users.MapPost("/", async Task<IResult> (CreateUserRequest? body, HttpContext http, UserDirectory directory, TeamStore teams, CancellationToken ct) =>
            {
                if (await CheckAsync(body, teams, ct) is { } problem)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, problem);
                }

                var role = Roles.Parse(body!.Role ?? "deployer")!.Value;
                var user = new UserRecord
                {
                    Name = body.Name!, Stamp = "", Email = body.Email, CreatedBy = AppsEndpoints.Actor(http),
                    PasswordHash = body.Password is { } password ? PasswordRules.Hash(password) : null,
                    Role = body.Team is null ? Roles.Name(role) : null,
                };
                var membership = body.Team is { } team ? new TeamMemberRecord { Team = team, User = user.Name, Role = Roles.Name(role) } : null;
                return await directory.AddAsync(user, membership, ct)
                    ? Results.Created($"/api/v1/users/{user.Name}", Info(user, membership is null ? [] : [membership]))
                    : ApiResults.Problem(StatusCodes.Status409Conflict, $"name: there is a user '{user.Name}'");
            })
            .Produces<UserInfo>(StatusCodes.Status201Created)
            .WithSummary("Adds a user: with 'team', 'role' is the role in that team; without, on the whole platform.");

        users.MapDelete("/{name}", async Task<IResult> (string name, HttpContext http, UserDirectory directory, ApiTokenRegistry tokens, CancellationToken ct) =>
            {
                if (AccessGrant.FromClaims(http.User).User == name)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, "you cannot remove yourself; another owner can");
                }

                if (!await directory.RemoveAsync(name, ct))
                {
                    return ApiResults.Problem(StatusCodes.Status404NotFound, $"no user '{name}'");
                }

                tokens.Forget(g => g.User == name);
                return Results.NoContent();
            })
            .WithSummary("Removes a user: their sign-ins' tokens stop working and their console sessions end.");

        users.MapDelete("/{name}/totp", async Task<IResult> (string name, TotpFactors factors, CancellationToken ct) =>
                await factors.RemoveAsync(name, ct) ? Results.NoContent() : ApiResults.Problem(StatusCodes.Status404NotFound, $"'{name}' has no second factor"))
            .WithSummary("Turns a user's second factor off (a lost phone); they sign in with their password alone until they set one up again.");

        users.MapPut("/{name}/password", async Task<IResult> (string name, SetPasswordRequest? body, UserDirectory directory, CancellationToken ct) =>
                PasswordRules.Problem("password", body?.Password) is { } problem ? ApiResults.Problem(StatusCodes.Status400BadRequest, problem)
                : await directory.SetPasswordAsync(name, body!.Password!, ct) ? Results.NoContent()
                : ApiResults.Problem(StatusCodes.Status404NotFound, $"no user '{name}'"))
            .WithSummary("Sets a user's password; their console sessions end (their sign-ins' tokens stay until they expire).");
    }

    private static async Task<string?> CheckAsync(CreateUserRequest? body, TeamStore teams, CancellationToken ct)
    {
        if (body is null)
        {
            return "name: give the user a name, for example {\"name\": \"ana\", \"role\": \"deployer\", \"team\": \"web\", \"password\": \"…\"}";
        }

        return AccessNames.Problem("name", body.Name)
            ?? (body.Role is { } role && Roles.Parse(role) is null ? $"role: '{role}' is not a role; roles: {string.Join(", ", Roles.Names)}" : null)
            ?? (body.Password is null ? null : PasswordRules.Problem("password", body.Password))
            ?? (body.Email is { } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)) ? $"email: '{email}' is not an e-mail address" : null)
            ?? (body.Team is { } team && !await teams.ExistsAsync(team, ct) ? $"team: there is no team '{team}'; make it first with 'gantry teams create {team}'" : null);
    }

    private static UserInfo Info(UserRecord user, IReadOnlyList<TeamMemberRecord> teams) => new(
        user.Name, user.Role, user.Email, [.. teams.Select(t => new TeamRoleInfo(t.Team, t.Role))], user.CreatedAt, user.CreatedBy, user.LastSignInAt, user.PasswordHash is not null);
}
