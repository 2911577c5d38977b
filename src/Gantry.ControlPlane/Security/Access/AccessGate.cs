using System.Security.Claims;
using Gantry.ControlPlane.Api;

namespace Gantry.ControlPlane.Security.Access;

/// <summary>
/// Refuses with 403 what a token's role or app does not cover, by <see cref="AccessTable"/>, after the token was
/// authenticated (an unknown, expired or revoked token got 401 before). Console sessions are checked at sign-in.
/// </summary>
public static class AccessGate
{
    public static IApplicationBuilder UseAccessGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: BearerTokenHandler.SchemeName }
            && http.GetEndpoint() is RouteEndpoint endpoint
            && Refusal(http.User, AccessTable.Find(http.Request.Method, endpoint.RoutePattern), http.GetRouteValue("app") as string) is { } refusal)
        {
            await ApiResults.Problem(StatusCodes.Status403Forbidden, refusal).ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    /// <summary>Why the caller may not do this; null when it may.</summary>
    public static string? Refusal(ClaimsPrincipal user, EndpointRule rule, string? routeApp)
    {
        var role = Roles.Parse(user.FindFirst(ClaimTypes.Role)?.Value) ?? Role.Viewer;
        var app = ScopedApp(user);
        string Who() => $"token '{user.Identity?.Name}' ({Roles.Name(role)}{(app is null ? "" : $", app '{app}' only")})";
        if (role < rule.Least)
        {
            return $"{Who()} may not {rule.Method} {rule.Pattern}: that takes the {Roles.Name(rule.Least)} role (docs/access.md)";
        }

        if (app is not null && !rule.ForApp)
        {
            return $"{Who()} may not {rule.Method} {rule.Pattern}: that is not one app's, and the token is for app '{app}' only";
        }

        return app is not null && routeApp is not null && routeApp != app
            ? $"{Who()} may not act on app '{routeApp}': the token is for app '{app}' only"
            : null;
    }

    /// <summary>The one app the caller's token is for; null for a token of every app.</summary>
    public static string? ScopedApp(ClaimsPrincipal user) => user.FindFirst(BearerTokenHandler.AppClaim)?.Value;
}
