using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Api;

/// <summary><c>/api/v1/users</c>: people who sign in, with a role on the platform, in teams or on single apps (docs/access.md).</summary>
public static class UsersEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapGet("/", (UserAccounts accounts, CancellationToken ct) => accounts.ListAsync(ct))
            .WithSummary("Lists the users with their roles and last sign-in; never their passwords.");

        users.MapPost("/", async Task<IResult> (CreateUserRequest? body, HttpContext http, UserAccounts accounts, CancellationToken ct) =>
                ApiResults.From(await accounts.AddAsync(body, AppsEndpoints.Actor(http), ct), user => Results.Created($"/api/v1/users/{user.Name}", user)))
            .Produces<UserInfo>(StatusCodes.Status201Created)
            .WithSummary("Adds a user: with 'team', 'role' is the role in that team; without, on the whole platform ('none': roles on single apps only).");

        users.MapDelete("/{name}", async Task<IResult> (string name, HttpContext http, UserAccounts accounts, CancellationToken ct) =>
                ApiResults.From(await accounts.RemoveAsync(name, AccessGrant.FromClaims(http.User).User, ct)))
            .WithSummary("Removes a user: their sign-ins' tokens stop working and their console sessions end.");

        users.MapDelete("/{name}/totp", async Task<IResult> (string name, UserAccounts accounts, CancellationToken ct) => ApiResults.From(await accounts.RemoveSecondFactorAsync(name, ct)))
            .WithSummary("Turns a user's second factor off (a lost phone); they sign in with their password alone until they set one up again.");

        users.MapPut("/{name}/password", async Task<IResult> (string name, SetPasswordRequest? body, UserAccounts accounts, CancellationToken ct) =>
                ApiResults.From(await accounts.SetPasswordAsync(name, body?.Password, ct)))
            .WithSummary("Sets a user's password; their console sessions end (their sign-ins' tokens stay until they expire).");

        var members = api.MapGroup("/apps/{app}/members").WithTags("Users");
        members.MapPut("/{user}", async Task<IResult> (string app, string user, SetMemberRequest? body, UserAccounts accounts, CancellationToken ct) =>
                ApiResults.From(await accounts.SetAppRoleAsync(app, user, body?.Role, ct), Results.Ok))
            .Produces<TeamMemberInfo>()
            .WithSummary("Gives a user their own role on one app (replacing it): viewer (the default), deployer or admin.");

        members.MapDelete("/{user}", async Task<IResult> (string app, string user, UserAccounts accounts, CancellationToken ct) =>
                ApiResults.From(await accounts.RemoveAppRoleAsync(app, user, ct)))
            .WithSummary("Takes a user's own role on one app away (what their platform role and teams give stays).");
    }
}
