using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gantry.ControlPlane.Security;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Every endpoint the admin server maps, asked without a token, with a wrong one and with a revoked one: the API answers
/// 401, console pages send the caller to sign in, and only the listed exemptions answer anyone.
/// </summary>
public sealed class AuthorizationMatrixTests(AdminApiFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AdminApiFixture>
{
    // Today 48 endpoints, 53 with their methods (36 of them the API); far fewer means the enumeration lost something.
    private const int AtLeastRoutes = 45;
    private const int AtLeastApiRoutes = 35;

    [Fact]
    public async Task EveryEndpoint_RefusesNoTokenAWrongTokenAndARevokedToken_UnlessExemptedWithAReason()
    {
        var routes = AdminRoutes.Enumerate(fixture.Server.Server.Services, fixture.RouteValues);
        AssertPlausible(routes);
        var revoked = await RevokedTokenAsync();
        (string Name, string? Token)[] credentials = [("no token", null), ("a wrong token", TokenHasher.NewToken()), ("a revoked token", revoked)];
        using var client = NewClient();
        var failures = new List<string>();
        var checkedRoutes = 0;

        foreach (var route in routes)
        {
            var exemption = AuthorizationExemptions.Find(route.Pattern);
            if (exemption?.Access == EndpointAccess.Anonymous)
            {
                continue;
            }

            if (route.Url is null)
            {
                failures.Add($"{route}: {route.Problem}");
                continue;
            }

            checkedRoutes++;
            foreach (var (name, token) in credentials)
            {
                using var response = await client.SendAsync(Request(route, token));
                if (Refusal(response, exemption) is { } wrong)
                {
                    failures.Add($"{route} ({route.Url}) with {name}: {wrong}");
                }
            }
        }

        output.WriteLine($"{routes.Count} endpoint methods enumerated; {checkedRoutes} asked with {credentials.Length} credentials each, "
            + $"{routes.Count(r => AuthorizationExemptions.Find(r.Pattern)?.Access == EndpointAccess.Anonymous)} open by exemption");
        Assert.True(failures.Count == 0,
            $"{failures.Count} refusals missing (an endpoint meant to be open belongs in AuthorizationExemptions, with its reason):\n"
            + string.Join("\n", failures));
        Assert.True(checkedRoutes >= AtLeastApiRoutes, $"only {checkedRoutes} endpoints were asked");
    }

    [Fact]
    public void EveryExemption_NamesAnEndpointTheServerMaps()
    {
        var patterns = AdminRoutes.Enumerate(fixture.Server.Server.Services, fixture.RouteValues).Select(r => r.Pattern).ToHashSet();

        var stale = AuthorizationExemptions.All.Where(e => e.AlwaysMapped && !patterns.Any(e.Matches)).Select(e => e.Pattern).ToList();

        Assert.True(stale.Count == 0, $"exemptions for endpoints that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task EveryApiRead_AnswersTheAdminToken_SoTheRefusalsAreTheTokensDoing()
    {
        var reads = AdminRoutes.Enumerate(fixture.Server.Server.Services, fixture.RouteValues)
            .Where(r => r.Method == "GET" && AuthorizationExemptions.Find(r.Pattern) is null)
            .ToList();
        using var client = NewClient();
        var failures = new List<string>();

        foreach (var route in reads.Where(r => r.Url is not null))
        {
            using var response = await client.SendAsync(Request(route, fixture.Server.Admin.DefaultRequestHeaders.Authorization!.Parameter));
            // A 404 from the handler (no environment release yet) still shows the token was taken.
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500)
            {
                failures.Add($"{route} ({route.Url}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(reads.Count >= 15, $"only {reads.Count} reads found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task AConsolePage_WithoutASession_RedirectsToSignInRatherThanRendering()
    {
        using var client = NewClient();

        using var response = await client.GetAsync($"/apps/{AdminApiFixture.App}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returnUrl=%2Fapps%2Fshop", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    private static void AssertPlausible(IReadOnlyList<AdminRoute> routes)
    {
        var listing = string.Join("\n", routes);
        Assert.True(routes.Count >= AtLeastRoutes, $"only {routes.Count} endpoints enumerated:\n{listing}");
        Assert.True(routes.Count(r => r.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal)) >= AtLeastApiRoutes, $"too few API endpoints:\n{listing}");
        Assert.Contains(routes, r => r is { Method: "POST", Pattern: "/api/v1/deploy" });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/metrics" });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/api/v1/openapi.json" });
        Assert.Contains(routes, r => r is { Method: "GET", Pattern: "/apps/{Name}" });
    }

    /// <summary>Null when the answer refuses as it should; otherwise what was wrong with it.</summary>
    private static string? Refusal(HttpResponseMessage response, EndpointExemption? exemption)
    {
        var status = response.StatusCode;
        if (status == HttpStatusCode.Unauthorized)
        {
            return exemption?.Access == EndpointAccess.Signed || response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer") ? null : "401 without 'WWW-Authenticate: Bearer'";
        }

        var toSignIn = status == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/signin";
        return exemption?.Access == EndpointAccess.ConsolePage && toSignIn
            ? null
            : $"answered {(int)status}{(response.Headers.Location is { } to ? $" to {to}" : "")}; expected 401"
                + (exemption is null ? "" : " or a redirect to /signin");
    }

    private HttpClient NewClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = fixture.Server.Server.AdminUrl,
    };

    private static HttpRequestMessage Request(AdminRoute route, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>A token that worked until its name was registered again: replacing a token revokes the old one.</summary>
    private async Task<string> RevokedTokenAsync()
    {
        var registry = fixture.Server.Server.Services.GetRequiredService<ApiTokenRegistry>();
        var old = TokenHasher.NewToken();
        await registry.RegisterAsync("authz-matrix", old, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(old));

        var replacement = TokenHasher.NewToken();
        await registry.RegisterAsync("authz-matrix", replacement, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(replacement));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(old));
        return old;
    }

    private async Task<HttpStatusCode> StatusWithAsync(string token)
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
