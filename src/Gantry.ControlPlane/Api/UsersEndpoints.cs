using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/users</c>: people who sign in, with a role on the platform, in teams or on single apps (docs/access.md).</summary>
public static class UsersEndpoints
{
    /// <summary>The role a user added without a team is given when all their roles are to be on single apps.</summary>
    private const string NoRole = "none";

    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", async (UserDirectory directory, CancellationToken ct) => (await directory.ListAsync(ct)).Select(u => Info(u.User, u.Teams, u.Apps)).ToList())
            .WithSummary("Lists the users with their roles and last sign-in; never their passwords.");

        users.MapPost("/", async Task<IResult> (CreateUserRequest? body, HttpContext http, UserDirectory directory, TeamStore teams, CancellationToken ct) =>
            {
                if (await CheckAsync(body, teams, ct) is { } problem)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, problem);
                }

                var role = Roles.Parse(body!.Role ?? "deployer");
                var user = new UserRecord
                {
                    Name = body.Name!, Stamp = "", Email = body.Email, CreatedBy = AppsEndpoints.Actor(http),
                    PasswordHash = body.Password is { } password ? PasswordRules.Hash(password) : null,
                    Role = body.Team is null && role is { } platformRole ? Roles.Name(platformRole) : null,
                };
                var membership = body.Team is { } team ? new TeamMemberRecord { Team = team, User = user.Name, Role = Roles.Name(role!.Value) } : null;
                return await directory.AddAsync(user, membership, ct)
                    ? Results.Created($"/api/v1/users/{user.Name}", Info(user, membership is null ? [] : [membership], []))
                    : ApiResults.Problem(StatusCodes.Status409Conflict, $"name: there is a user '{user.Name}'");
            })
            .Produces<UserInfo>(StatusCodes.Status201Created)
            .WithSummary("Adds a user: with 'team', 'role' is the role in that team; without, on the whole platform ('none': roles on single apps only).");

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

        var members = api.MapGroup("/apps/{app}/members").WithTags("Users");
        members.MapPut("/{user}", async Task<IResult> (string app, string user, SetMemberRequest? body, AppQueries apps, UserDirectory directory, CancellationToken ct) =>
            {
                var role = Roles.Parse(body?.Role ?? "viewer");
                var problem = role is null ? $"role: '{body?.Role}' is not a role; roles on one app: viewer, deployer, admin"
                    : role == Role.Owner ? "role: owner is a role on the whole platform; on one app the highest is admin"
                    : null;
                if (problem is not null)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, problem);
                }

                if (!directory.Exists(user) || !await apps.ExistsAsync(app, ct))
                {
                    return ApiResults.Problem(StatusCodes.Status404NotFound, directory.Exists(user) ? $"app: there is no app '{app}'" : $"user: there is no user '{user}'");
                }

                await directory.SetAppRoleAsync(app, user, role, ct);
                return Results.Ok(new TeamMemberInfo(user, Roles.Name(role!.Value)));
            })
            .Produces<TeamMemberInfo>()
            .WithSummary("Gives a user their own role on one app (replacing it): viewer (the default), deployer or admin.");

        members.MapDelete("/{user}", async Task<IResult> (string app, string user, UserDirectory directory, CancellationToken ct) =>
                await directory.SetAppRoleAsync(app, user, null, ct) ? Results.NoContent()
                : ApiResults.Problem(StatusCodes.Status404NotFound, $"'{user}' has no role of their own on app '{app}'"))
            .WithSummary("Takes a user's own role on one app away (what their platform role and teams give stays).");
    }

    private static async Task<string?> CheckAsync(CreateUserRequest? body, TeamStore teams, CancellationToken ct)
    {
        if (body is null)
        {
            return "name: give the user a name, for example {\"name\": \"ana\", \"role\": \"deployer\", \"team\": \"web\", \"password\": \"…\"}";
        }

        return AccessNames.Problem("name", body.Name)
            ?? (body.Role is { } role && Roles.Parse(role) is null && role != NoRole ? $"role: '{role}' is not a role; roles: {string.Join(", ", Roles.Names)}, or {NoRole} for roles on single apps only" : null)
            ?? (body.Role == NoRole && body.Team is not null ? $"role: '{NoRole}' is for a user without a team; give them a role in team '{body.Team}'" : null)
            ?? (body.Password is null ? null : PasswordRules.Problem("password", body.Password))
            ?? (body.Email is { } email && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)) ? $"email: '{email}' is not an e-mail address" : null)
            ?? (body.Team is { } team && !await teams.ExistsAsync(team, ct) ? $"team: there is no team '{team}'; make it first with 'gantry teams create {team}'" : null);
    }

    private static UserInfo Info(UserRecord user, IReadOnlyList<TeamMemberRecord> teams, IReadOnlyList<AppMemberRecord> apps) => new(
        user.Name, user.Role, user.Email, [.. teams.Select(t => new TeamRoleInfo(t.Team, t.Role))], user.CreatedAt, user.CreatedBy, user.LastSignInAt, user.PasswordHash is not null,
        [.. apps.Select(a => new AppRoleInfo(a.App, a.Role))]);
}
