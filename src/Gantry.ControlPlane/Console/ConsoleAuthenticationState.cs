using System.Security.Claims;
using Gantry.ControlPlane.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Gantry.ControlPlane.Console;

/// <summary>
/// Re-checks an open console page's sign-in every few seconds: a page opened before the admin token was replaced
/// stops working as soon as the token's hash is gone, not only at its next page load.
/// </summary>
public sealed class ConsoleAuthenticationState(ILoggerFactory loggerFactory, ApiTokenRegistry tokens)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(IsValid(authenticationState.User, tokens));

    /// <summary>Signed in with a token that is still valid and may use the console.</summary>
    public static bool IsValid(ClaimsPrincipal user, ApiTokenRegistry tokens) =>
        user.FindFirst(ConsoleAuthentication.TokenHashClaim)?.Value is { } hash && tokens.GrantOfHash(hash) is { } grant && Refusal(grant) is null;

    /// <summary>
    /// Why a token may not sign in to the console; null when it may. The console does not hide what a role cannot do
    /// yet, so it takes owners' tokens for every app only (the API serves every role).
    /// </summary>
    public static string? Refusal(TokenGrant grant) =>
        grant is { Role: Security.Access.Role.Owner, App: null } ? null : "the console takes owner tokens for every app only; use the CLI or the API with this one";
}
