using Gantry.ControlPlane.Api;
using Gantry.ControlPlane.Security.Users;

namespace Gantry.ControlPlane.Security.Access;

/// <summary>
/// Refuses with 403 what a caller's grant does not cover, by <see cref="AccessTable"/>, after the token was
/// authenticated (an unknown, expired or revoked token got 401 before). Console sessions are checked at sign-in.
/// </summary>
public static class AccessGate
{
    public static IApplicationBuilder UseAccessGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: BearerTokenHandler.SchemeName }
            && http.GetEndpoint() is RouteEndpoint endpoint)
        {
            var teams = http.RequestServices.GetRequiredService<TeamStore>();
            var rule = AccessTable.Find(http.Request.Method, endpoint.RoutePattern);
            var refusal = await RefusalAsync(AccessGrant.FromClaims(http.User), rule, http.GetRouteValue("app") as string, a => teams.TeamOfAsync(a, http.RequestAborted));
            if (refusal is not null)
            {
                await ApiResults.Problem(StatusCodes.Status403Forbidden, refusal).ExecuteAsync(http);
                return;
            }
        }

        await next(http);
    });

    /// <summary>Why the grant may not do this; null when it may. <paramref name="teamOf"/> is asked only for a grant with teams.</summary>
    public static async ValueTask<string?> RefusalAsync(AccessGrant grant, EndpointRule rule, string? routeApp, Func<string, ValueTask<string?>> teamOf)
    {
        var call = $"{grant.Describe()} may not {rule.Method} {rule.Pattern}";
        string Takes(Role role, string where = "") => $"{call}: that takes the {Roles.Name(role)} role{where} (docs/access.md)";
        if (grant.Workload is { } workload && rule.Method != "GET" && rule.Pattern != AccessTable.Deploy)
        {
            return $"{call}: the token is for deploying workload '{workload}' only";
        }

        if (rule.AnyCaller)
        {
            return null;
        }

        if (!rule.ForApp)
        {
            var held = grant.PlatformRole ?? grant.Highest;
            return held is null || held < rule.Least ? Takes(rule.Least)
                : grant.PlatformRole is null ? $"{call}: that is the platform's, not one app's or one team's"
                : null;
        }

        if (routeApp is null)
        {
            // A deploy names its app in its files: DeployService checks it against the grant.
            return grant.Highest is { } highest && highest >= rule.Least ? null : Takes(rule.Least);
        }

        var team = grant.HasTeams ? await teamOf(routeApp) : null;
        return grant.RoleOn(routeApp, team) switch
        {
            null => $"{grant.Describe()} may not act on app '{routeApp}'" + (grant.HasTeams ? $": {(team is null ? "no team owns it" : $"team '{team}' owns it")}" : ""),
            var role when role < rule.Least => Takes(rule.Least, $" on app '{routeApp}'"),
            _ => null,
        };
    }
}
