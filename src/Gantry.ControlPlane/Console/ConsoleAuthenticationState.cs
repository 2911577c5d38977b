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

    /// <summary>Signed in with a token that is still valid.</summary>
    public static bool IsValid(ClaimsPrincipal user, ApiTokenRegistry tokens) =>
        user.FindFirst(ConsoleAuthentication.TokenHashClaim)?.Value is { } hash && tokens.IsValidHash(hash);
}
