using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.AspNetCore.Routing.Patterns;
using static Gantry.ControlPlane.Security.Access.Role;

namespace Gantry.ControlPlane.Security.Access;

/// <summary>
/// The one table of what each API endpoint takes (docs/access.md shows it). An endpoint missing from it takes the owner
/// role on the platform, so a new endpoint is closed to narrower tokens until it is added here by a reviewed change.
/// </summary>
public static class AccessTable
{
    public const string Deploy = "/api/v1/deploy";

    public static IReadOnlyList<EndpointRule> Rules { get; } =
    [
        Rule("GET", "/api/v1/apps", Viewer, forApp: true),
        Rule("GET", "/api/v1/apps/{app}", Viewer),
        Rule("DELETE", "/api/v1/apps/{app}", Admin),
        Rule("GET", "/api/v1/apps/{app}/instances", Viewer),
        Rule("GET", "/api/v1/apps/{app}/metrics", Viewer),
        Rule("POST", Deploy, Deployer),
        Rule("POST", "/api/v1/apps/{app}/rollback", Deployer),
        Rule("POST", "/api/v1/apps/{app}/scale", Deployer),
        Rule("GET", "/api/v1/apps/{app}/releases", Viewer),
        Rule("GET", "/api/v1/apps/{app}/releases/{number}", Viewer),
        Rule("GET", "/api/v1/apps/{app}/releases/{number}/build-log", Viewer),
        Rule("POST", "/api/v1/apps/{app}/releases/{number}/secrets/reveal", Admin),
        Rule("GET", "/api/v1/apps/{app}/logs", Viewer),
        Rule("GET", "/api/v1/events", Viewer, forApp: true),
        Rule("GET", "/api/v1/apps/{app}/keys", Viewer),
        Rule("POST", "/api/v1/apps/{app}/keys", Admin),
        Rule("DELETE", "/api/v1/apps/{app}/keys/{id}", Admin),
        Rule("GET", "/api/v1/apps/{app}/blocks", Viewer),
        Rule("POST", "/api/v1/apps/{app}/blocks", Admin),
        Rule("DELETE", "/api/v1/apps/{app}/blocks/{id}", Admin),
        Rule("POST", "/api/v1/apps/{app}/domains", Admin),
        Rule("DELETE", "/api/v1/apps/{app}/domains/{host}", Admin),
        Rule("GET", "/api/v1/domains", Viewer),
        Rule("GET", "/api/v1/certificates", Viewer),
        Rule("POST", "/api/v1/certificates", Admin),
        Rule("DELETE", "/api/v1/certificates/{id}", Admin),
        Rule("GET", "/api/v1/ca", Viewer),
        Rule("GET", "/api/v1/targets", Viewer),
        Rule("PUT", "/api/v1/targets/{name}", Admin),
        Rule("DELETE", "/api/v1/targets/{name}", Admin),
        Rule("GET", "/api/v1/environments", Viewer),
        Rule("PUT", "/api/v1/environments/{name}", Admin),
        Rule("DELETE", "/api/v1/environments/{name}", Admin),
        Rule("POST", "/api/v1/apps/{app}/promote", Deployer),
        Rule("GET", "/api/v1/apps/{app}/environments/releases", Viewer),
        Rule("GET", "/api/v1/apps/{app}/environments/{environment}/releases/{number}", Viewer),
        Rule("GET", "/api/v1/provisioners", Viewer),
        Rule("GET", "/api/v1/services", Viewer),
        Rule("GET", "/api/v1/apps/{app}/resources", Viewer),
        Rule("GET", "/api/v1/apps/{app}/resources/{name}", Viewer),
        Rule("POST", "/api/v1/apps/{app}/resources/{name}/reveal", Admin),
        Rule("GET", "/api/v1/apps/{app}/backups", Viewer),
        Rule("POST", "/api/v1/apps/{app}/backups", Deployer),
        Rule("POST", "/api/v1/apps/{app}/backups/verify", Deployer),
        Rule("POST", "/api/v1/apps/{app}/backups/restore", Admin),
        Rule("GET", "/api/v1/config", Viewer),
        Rule("PATCH", "/api/v1/config", Admin),
        Rule("POST", "/api/v1/config/reveal", Admin),
        Rule("GET", "/api/v1/apps/{app}/config", Viewer),
        Rule("PATCH", "/api/v1/apps/{app}/config", Admin),
        Rule("POST", "/api/v1/apps/{app}/config/reveal", Admin),
        Rule("GET", "/api/v1/gateways", Viewer),
        Rule("POST", "/api/v1/gateways/restart", Admin),
        Rule("GET", "/api/v1/apps/{app}/git", Viewer),
        Rule("PUT", "/api/v1/apps/{app}/git", Admin),
        Rule("DELETE", "/api/v1/apps/{app}/git", Admin),
        Rule("POST", "/api/v1/apps/{app}/git/deploy", Deployer),
        Rule("GET", "/api/v1/jobs", Viewer, forApp: true),
        Rule("GET", "/api/v1/apps/{app}/jobs", Viewer),
        Rule("GET", "/api/v1/apps/{app}/jobs/{job}/runs", Viewer),
        Rule("POST", "/api/v1/apps/{app}/jobs/{job}/runs", Deployer),
        Rule("GET", "/api/v1/apps/{app}/jobs/{job}/runs/{id}", Viewer),
        Rule("GET", "/api/v1/apps/{app}/jobs/{job}/runs/{id}/logs", Viewer),

        // Destinations' URLs hold their services' secrets (a Slack or Discord webhook URL is one).
        Rule("GET", "/api/v1/notifications", Admin),
        Rule("PUT", "/api/v1/notifications/{name}", Admin),
        Rule("DELETE", "/api/v1/notifications/{name}", Admin),
        Rule("POST", "/api/v1/notifications/{name}/test", Admin),
        Rule("GET", "/api/v1/notifications/deliveries", Admin),
        Rule("GET", "/api/v1/notifications/failures", Admin),
        Rule("POST", "/api/v1/notifications/failures/retry", Admin),
        Rule("GET", "/api/v1/audit", Admin),
        Rule("GET", "/api/v1/audit/verify", Admin),
        Rule("GET", "/api/v1/tokens", Owner),
        Rule("POST", "/api/v1/tokens", Owner),
        Rule("DELETE", "/api/v1/tokens/{name}", Owner),
        Rule("GET", "/api/v1/users", Owner),
        Rule("POST", "/api/v1/users", Owner),
        Rule("DELETE", "/api/v1/users/{name}", Owner),
        Rule("PUT", "/api/v1/users/{name}/password", Owner),
        Rule("DELETE", "/api/v1/users/{name}/totp", Owner),
        Rule("GET", "/api/v1/teams", Viewer),
        Rule("POST", "/api/v1/teams", Owner),
        Rule("DELETE", "/api/v1/teams/{team}", Owner),
        Rule("PUT", "/api/v1/teams/{team}/members/{user}", Owner),
        Rule("DELETE", "/api/v1/teams/{team}/members/{user}", Owner),
        Rule("PUT", "/api/v1/apps/{app}/team", Owner, forApp: false),
        Rule("PUT", "/api/v1/apps/{app}/members/{user}", Owner, forApp: false),
        Rule("DELETE", "/api/v1/apps/{app}/members/{user}", Owner, forApp: false),

        // The team's deployers and the platform's (the endpoint checks the role in that team).
        Rule("POST", "/api/v1/teams/{team}/kubeconfig", Deployer, forApp: true),

        // The caller's own: every valid token reaches them, a role-less user's too (a sign-in takes none).
        Own("POST", "/api/v1/sessions"),
        Own("POST", "/api/v1/sessions/cli"),
        Own("DELETE", "/api/v1/sessions/current"),
        Own("GET", "/api/v1/me"),
        Own("PUT", "/api/v1/me/password"),
        Own("POST", "/api/v1/me/totp"),
        Own("POST", "/api/v1/me/totp/confirm"),
        Own("DELETE", "/api/v1/me/totp"),
        Rule("GET", "/api/v1/openapi.json", Viewer),
        Rule("GET", "/metrics", Viewer),
        Rule("GET", "/metrics/platform", Viewer),
    ];

    // Every request looks its endpoint up: the rules by method and pattern, and each endpoint's pattern written once.
    private static readonly FrozenDictionary<(string Method, string Pattern), EndpointRule> ByRoute = Rules.ToFrozenDictionary(r => (r.Method, r.Pattern));
    private static readonly ConcurrentDictionary<RoutePattern, string> Written = new();

    /// <summary>What an endpoint missing from the table takes.</summary>
    public static EndpointRule Unlisted(string method, string pattern) => new(method, pattern, Owner, ForApp: false);

    public static EndpointRule Find(string method, RoutePattern pattern)
    {
        var normalized = Written.GetOrAdd(pattern, Normalize);
        return ByRoute.GetValueOrDefault((method.ToUpperInvariant(), normalized)) ?? Unlisted(method, normalized);
    }

    /// <summary>A route as the table writes it: parameters by name only (no constraints), no trailing slash.</summary>
    public static string Normalize(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    /// <param name="forApp">Whether a token for one app or team may call it; by default, when the route names an app (or is the deploy).</param>
    private static EndpointRule Rule(string method, string pattern, Role least, bool? forApp = null) =>
        new(method, pattern, least, ForApp: forApp ?? (pattern.Contains("{app}", StringComparison.Ordinal) || pattern == Deploy));

    /// <summary>The caller's own: documented as a viewer's, reached by any valid token.</summary>
    private static EndpointRule Own(string method, string pattern) => new(method, pattern, Viewer, ForApp: true, AnyCaller: true);
}
