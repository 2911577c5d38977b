namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// The admin server's endpoints that are not the bearer-token API, each with its reason. Anything not listed here must
/// refuse requests without a valid token with 401: a new endpoint joins this list by a reviewed change, never by default.
/// </summary>
internal static class AuthorizationExemptions
{
    private const string Page = "a console page: [Authorize]; a browser signs in once (a password or a token) and carries the console's cookie";
    private const string Circuit = "the console's interactive circuit (SignalR): it only resumes components that a cookie-authorized page request rendered, and AuthorizeRouteView checks [Authorize] again inside it";

    public static readonly IReadOnlyList<EndpointExemption> All =
    [
        new("/", EndpointAccess.ConsolePage, Page + " (the apps overview)"),
        new("/deploy", EndpointAccess.ConsolePage, Page + " (the deploy form)"),
        new("/signin/cli", EndpointAccess.ConsolePage, Page + " (a signed-in user confirms handing the CLI a one-time code)"),
        new("/events", EndpointAccess.ConsolePage, Page + " (the event list)"),
        new("/jobs", EndpointAccess.ConsolePage, Page + " (every app's scheduled jobs and their runs)"),
        new("/notifications", EndpointAccess.ConsolePage, Page + " (notification destinations, failures and deliveries)"),
        new("/account", EndpointAccess.ConsolePage, Page + " (the signed-in user's own password and second factor)"),
        new("/tokens", EndpointAccess.ConsolePage, Page + " (API tokens, the platform owners')"),
        new("/people", EndpointAccess.ConsolePage, Page + " (users and their roles, the platform owners')"),
        new("/teams", EndpointAccess.ConsolePage, Page + " (teams, their members and apps)"),
        new("/domains", EndpointAccess.ConsolePage, Page + " (hosts and certificates)"),
        new("/environments", EndpointAccess.ConsolePage, Page + " (environments and targets)"),
        new("/apps/{Name}/clients", EndpointAccess.ConsolePage, Page + " (an app's domains, API keys and blocked clients)"),
        new("/apps/{Name}", EndpointAccess.ConsolePage, Page + " (an app's page)"),
        new("/apps/{Name}/releases/{Number:int}", EndpointAccess.ConsolePage, Page + " (a release's page)"),
        new("/signin", EndpointAccess.Anonymous, "the console's sign-in form: whoever has no session yet must reach it, and it asks for the admin token"),
        new("/signin/oidc", EndpointAccess.Anonymous, "starts single sign-on: sends whoever has no session yet to the provider (404 when none is configured); it grants nothing by itself"),
        new("/signin-oidc", EndpointAccess.Anonymous, "the provider's answer (authorization code flow with PKCE): the handler checks state and correlation cookie, redeems the code and validates the id_token, then signs in owners only; mapped as middleware when single sign-on is configured", AlwaysMapped: false),
        new("/signout", EndpointAccess.Anonymous, "ends the caller's own session only; the antiforgery token keeps another site from posting it"),
        new("/gateway/v1/feed", EndpointAccess.GatewayToken, "the configuration stream (certificates' keys included): the gateway token only, never the admin token"),
        new("/gateway/v1/reports", EndpointAccess.GatewayToken, "gateways' acknowledgements and health: the gateway token only"),
        new("/gateway/v1/quota", EndpointAccess.GatewayToken, "gateways' shared day and total quota counts: the gateway token only"),
        new("/hooks/git/*", EndpointAccess.Signed, "a repository's webhook: providers sign deliveries with the app's secret (HMAC SHA-256 or a token) instead of sending a bearer token; anything unsigned gets 401"),
        new("/api/v1/sessions", EndpointAccess.Anonymous, "a user's sign-in with a name and password, answered with a token: throttled per account and address (429 with Retry-After); a wrong name and a wrong password get the same 401"),
        new("/api/v1/sessions/cli", EndpointAccess.Anonymous, "a CLI's sign-in through the console: a one-time code (256 bits, two minutes, used up by any attempt) redeemed only with the PKCE verifier behind its challenge"),
        new("/healthz", EndpointAccess.Anonymous, "liveness for supervisors and load balancers: answers 'ok' and nothing else"),
        new("/_framework/opaque-redirect", EndpointAccess.Anonymous, "Blazor's redirect after an enhanced form post: it follows a data-protected URL the server itself issued"),
        new("/_blazor", EndpointAccess.Anonymous, Circuit),
        new("/_blazor/negotiate", EndpointAccess.Anonymous, Circuit),
        new("/_blazor/disconnect/", EndpointAccess.Anonymous, Circuit),
        new("/_blazor/initializers/", EndpointAccess.Anonymous, Circuit),
        new("/_framework/*", EndpointAccess.Anonymous, "Blazor's own scripts, static files", AlwaysMapped: false),
        new("/console*.css*", EndpointAccess.Anonymous, "the console's stylesheet, a static file", AlwaysMapped: false),
    ];

    public static EndpointExemption? Find(string pattern) => All.FirstOrDefault(e => e.Matches(pattern));
}
