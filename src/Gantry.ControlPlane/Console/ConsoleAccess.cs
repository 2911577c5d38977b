using Gantry.ControlPlane.Security;
using Gantry.ControlPlane.Security.Access;
using Gantry.ControlPlane.Security.Users;
using Microsoft.AspNetCore.Components.Authorization;

namespace Gantry.ControlPlane.Console;

/// <summary>
/// What the signed-in console user may see and do, by the same check as the API (<see cref="AccessGate"/>): pages
/// hide what the user's role cannot do, and every change is checked again when it runs.
/// </summary>
public sealed class ConsoleAccess(AuthenticationStateProvider authentication, CallerGrants grants, UserDirectory users, TeamStore teams)
{
    /// <summary>The session's grant now; null when the session ended (a revoked token, a removed user).</summary>
    public async Task<AccessGrant?> GrantAsync() =>
        ConsoleAuthenticationState.GrantOf((await authentication.GetAuthenticationStateAsync()).User, grants, users);

    /// <summary>Why the user may not do <paramref name="action"/> (on <paramref name="app"/>, or the platform when null); null when they may.</summary>
    public async Task<string?> RefusalAsync(string action, Role least, string? app, CancellationToken cancellationToken, bool platform = false)
    {
        if (await GrantAsync() is not { } grant)
        {
            return "your session has ended; sign in again";
        }

        var rule = new EndpointRule("do", $"'{action}'", least, ForApp: !platform);
        return await AccessGate.RefusalAsync(grant, rule, app, a => teams.TeamOfAsync(a, cancellationToken));
    }

    public async Task<bool> CanAsync(Role least, string? app, CancellationToken cancellationToken, bool platform = false) =>
        await RefusalAsync("", least, app, cancellationToken, platform) is null;

    /// <summary>The user's role on <paramref name="app"/> (null: none), with one look-up of its team: for a page that offers several actions.</summary>
    public async Task<Role?> RoleOnAsync(string app, CancellationToken cancellationToken) =>
        await GrantAsync() is { } grant ? grant.RoleOn(app, grant.HasTeams ? await teams.TeamOfAsync(app, cancellationToken) : null) : null;

    /// <summary>The apps among <paramref name="apps"/> the user may see (every one for a platform role).</summary>
    public async Task<IReadOnlySet<string>> VisibleAsync(IEnumerable<string> apps, CancellationToken cancellationToken) =>
        await AccessVisibility.VisibleAsync(await GrantAsync(), apps, teams, cancellationToken);
}

/// <summary>A console action the user's role does not cover: shown as its message, audited as refused.</summary>
public sealed class ConsoleRefusedException(string message) : Exception(message);
