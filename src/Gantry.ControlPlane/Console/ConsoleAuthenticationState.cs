using System.Security.Claims;
using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Gantry.ControlPlane.Console;

/// <summary>
/// Re-checks an open console page's sign-in every few seconds: a page opened before its token was revoked, or its
/// user's password changed or the user removed, stops working then, not only at its next page load.
/// </summary>
public sealed class ConsoleAuthenticationState(ILoggerFactory loggerFactory, CallerGrants grants, UserDirectory users)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(5);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(IsValid(authenticationState.User, grants, users));

    /// <summary>Signed in with a token, or as a user, that is still valid and may use the console.</summary>
    public static bool IsValid(ClaimsPrincipal user, CallerGrants grants, UserDirectory users) =>
        GrantOf(user, grants, users) is { } grant && Refusal(grant) is null;

    /// <summary>What the session's token or user may do now; null when the token or the user's stamp is gone.</summary>
    public static AccessGrant? GrantOf(ClaimsPrincipal user, CallerGrants grants, UserDirectory users) =>
        user.FindFirst(ConsoleAuthentication.TokenHashClaim)?.Value is { } hash ? grants.OfHash(hash)
        : user.FindFirst(ConsoleAuthentication.UserStampClaim)?.Value is { } stamp && user.Identity?.Name is { } name && users.StampOf(name) == stamp ? users.GrantOf(name)
        : null;

    /// <summary>
    /// Why a grant may not sign in to the console; null when it may. Every role may: pages show what it may see and
    /// offer what it may do (<see cref="ConsoleAccess"/>). A token for deploying one workload is for CI, not people.
    /// </summary>
    public static string? Refusal(AccessGrant grant) =>
        grant.Workload is not null ? "a token for deploying one workload is for CI; sign in with your own"
        : grant.Highest is null ? "it has no role yet; an owner gives one with 'gantry teams add-member', 'gantry users grant' or 'gantry users add'"
        : null;
}
