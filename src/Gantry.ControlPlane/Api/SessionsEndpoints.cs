using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Api;

/// <summary>
/// <c>/api/v1/sessions</c>: a user's sign-in answered with a token for the CLI (throttled against guessing), its
/// sign-out, and <c>/api/v1/me</c>: who the caller is, and the caller's own password.
/// </summary>
public static class SessionsEndpoints
{
    /// <summary>How long a sign-in's token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static void MapSessions(this RouteGroupBuilder api)
    {
        api.MapPost("/sessions", async Task<IResult> (SignInRequest? body, HttpContext http, PasswordSignIn passwords, ApiTokenRegistry tokens, TimeProvider time, CancellationToken ct) =>
            {
                if (body?.User is not { Length: > 0 } user || body.Password is not { Length: > 0 } password)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, body?.User is not { Length: > 0 } ? "user: give your user name" : "password: give your password");
                }

                switch (await passwords.SignInAsync(user, password, body.Code, http.Connection.RemoteIpAddress?.ToString() ?? "", ct))
                {
                    case PasswordSignIn.Result.Granted granted:
                        var (token, record) = await tokens.CreateForUserAsync(user, time.GetUtcNow() + Lifetime, "sign-in from " + (http.Connection.RemoteIpAddress?.ToString() ?? "?"), ct);
                        return Results.Created("/api/v1/me", new SignedIn(token, record.Name, user, record.ExpiresAt!.Value, [.. granted.Grant.Scopes.Select(s => s.ToString())]));
                    case PasswordSignIn.Result.Throttled throttled:
                        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(throttled.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        return ApiResults.Problem(StatusCodes.Status429TooManyRequests, PasswordSignIn.ThrottledText(throttled.RetryAfter));
                    case PasswordSignIn.Result.CodeNeeded:
                        return ApiResults.Problem(StatusCodes.Status401Unauthorized, PasswordSignIn.CodeText);
                    default:
                        return ApiResults.Problem(StatusCodes.Status401Unauthorized, PasswordSignIn.WrongText);
                }
            })
            .AllowAnonymous()
            .WithTags("Users")
            .Produces<SignedIn>(StatusCodes.Status201Created)
            .WithSummary("Signs a user in with a password; answers a token valid for 30 days (gantry login). 429 with Retry-After after too many wrong passwords.");

        api.MapPost("/sessions/cli", async Task<IResult> (CliSignInRequest? body, HttpContext http, CliSignInCodes codes, UserDirectory users, ApiTokenRegistry tokens, TimeProvider time, CancellationToken ct) =>
            {
                if (body?.Code is not { Length: > 0 } code || body.Verifier is not { Length: > 0 } verifier)
                {
                    return ApiResults.Problem(StatusCodes.Status400BadRequest, body?.Code is not { Length: > 0 } ? "code: give the code the console sent to the CLI" : "verifier: give the PKCE verifier behind the code's challenge");
                }

                if (codes.Redeem(code, verifier) is not { } user || users.GrantOf(user) is not { } grant)
                {
                    return ApiResults.Problem(StatusCodes.Status401Unauthorized, "that code is unknown, used, expired or not this CLI's: run 'gantry login --web' again");
                }

                var (token, record) = await tokens.CreateForUserAsync(user, time.GetUtcNow() + Lifetime, "sign-in through the console from " + (http.Connection.RemoteIpAddress?.ToString() ?? "?"), ct);
                return Results.Created("/api/v1/me", new SignedIn(token, record.Name, user, record.ExpiresAt!.Value, [.. grant.Scopes.Select(s => s.ToString())]));
            })
            .AllowAnonymous()
            .WithTags("Users")
            .Produces<SignedIn>(StatusCodes.Status201Created)
            .WithSummary("Redeems the one-time code the console gave a CLI signing in through a browser (gantry login --web) with its PKCE verifier; answers a token valid for 30 days.");

        api.MapDelete("/sessions/current", async Task<IResult> (HttpContext http, ApiTokenRegistry tokens, CancellationToken ct) =>
            {
                var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
                return tokens.NameOfSignIn(token) is { } name && await tokens.RevokeAsync(name, ct)
                    ? Results.NoContent()
                    : ApiResults.Problem(StatusCodes.Status400BadRequest, "this is not a sign-in's token; revoke a made token with DELETE /api/v1/tokens/{name}");
            })
            .WithTags("Users")
            .WithSummary("Signs out: revokes the sign-in's token the request came with.");

        api.MapGet("/me", (HttpContext http) =>
            {
                var grant = AccessGrant.FromClaims(http.User);
                return new CallerInfo(grant.Name, grant.User, [.. grant.Scopes.Select(s => s.ToString())], grant.Workload);
            })
            .WithTags("Users")
            .WithSummary("Who the caller is and what it may do: scopes such as 'platform:owner', 'team:web:deployer', 'app:shop:viewer'.");

        api.MapPut("/me/password", async Task<IResult> (ChangePasswordRequest? body, HttpContext http, OwnAccount account, CancellationToken ct) =>
                ApiResults.From(await account.ChangePasswordAsync(AccessGrant.FromClaims(http.User).User, body?.CurrentPassword, body?.Password, ct)))
            .WithTags("Users")
            .WithSummary("Changes the caller's own password (a user's sign-in token); the user's console sessions end.");

        api.MapPost("/me/totp", async Task<IResult> (HttpContext http, OwnAccount account, CancellationToken ct) =>
                ApiResults.From(await account.BeginSecondFactorAsync(AccessGrant.FromClaims(http.User).User, ct), Results.Ok))
            .WithTags("Users")
            .WithSummary("Starts a TOTP second factor for the caller: the secret (for an authenticator app) is in this answer only; it counts once confirmed with a code.");

        api.MapPost("/me/totp/confirm", async Task<IResult> (TotpCodeRequest? body, HttpContext http, OwnAccount account, CancellationToken ct) =>
                ApiResults.From(await account.ConfirmSecondFactorAsync(AccessGrant.FromClaims(http.User).User, body?.Code, ct)))
            .WithTags("Users")
            .WithSummary("Confirms the caller's second factor with a first code: from then on, password sign-ins need a code.");

        api.MapDelete("/me/totp", async Task<IResult> (HttpContext http, OwnAccount account, CancellationToken ct) =>
                ApiResults.From(await account.RemoveSecondFactorAsync(AccessGrant.FromClaims(http.User).User, ct)))
            .WithTags("Users")
            .WithSummary("Turns the caller's second factor off.");
    }
}
