using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Security.Access;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Every API endpoint and method asked with a token of each role, and with a token for one app: each gets exactly what
/// the access table (and docs/access.md, which shows it) says: refused → 403, allowed → neither 401 nor 403.
/// </summary>
public sealed class RoleMatrixTests(AdminApiFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AdminApiFixture>
{
    /// <summary>Route values naming nothing that exists: an allowed change then answers 404 or 400 instead of deleting the fixture's app.</summary>
    private static readonly Dictionary<string, string> Missing = new(StringComparer.OrdinalIgnoreCase)
    {
        ["app"] = "no-such-app", ["number"] = "999", ["id"] = "999999", ["keys/id"] = "no-such-key", ["domains/host"] = "none.example.test",
        ["name"] = "no-such-name", ["environment"] = "no-such-env", ["job"] = "no-such-job", ["host"] = "none.example.test",
        ["team"] = "no-such-team", ["user"] = "no-such-user",
    };

    private IReadOnlyList<AdminRoute> ApiRoutes(IReadOnlyDictionary<string, string> values) =>
        [.. AdminRoutes.Enumerate(fixture.Server.Server.Services, values)
            .Where(r => r.Normalized is { } n && (n.StartsWith("/api/v1/", StringComparison.Ordinal) || n.StartsWith("/metrics", StringComparison.Ordinal)))];

    [Fact]
    public void EveryApiEndpoint_IsInTheAccessTable_AndEveryRuleNamesOne()
    {
        var routes = ApiRoutes(fixture.RouteValues);
        var unlisted = routes.Where(r => !AccessTable.Rules.Any(rule => rule.Pattern == r.Normalized && rule.Method == r.Method)).ToList();
        var stale = AccessTable.Rules.Where(rule => !routes.Any(r => rule.Pattern == r.Normalized && rule.Method == r.Method)).ToList();

        Assert.True(unlisted.Count == 0, "endpoints missing from AccessTable (they take the owner role until listed):\n" + string.Join("\n", unlisted.Select(r => $"{r.Method} {r.Normalized}")));
        Assert.True(stale.Count == 0, "rules naming no endpoint:\n" + string.Join("\n", stale.Select(r => $"{r.Method} {r.Pattern}")));
    }

    [Fact]
    public async Task EachRole_GetsExactlyWhatTheTableGivesIt()
    {
        var routes = ApiRoutes(Missing);
        var failures = new List<string>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var token = await CreateAsync($"matrix-{Roles.Name(role)}", role, app: null);
            foreach (var route in routes)
            {
                var rule = AccessTable.Find(route.Method, Normalized(route));
                var status = await StatusAsync(route, token);
                var allowed = role >= rule.Least;
                if (allowed ? status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden : status != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{Roles.Name(role)}: {route.Method} {route.Url} answered {(int)status}; the table says {(allowed ? "allowed" : "refused")} (least role {Roles.Name(rule.Least)})");
                }
            }
        }

        output.WriteLine($"{routes.Count} endpoint methods × {Enum.GetValues<Role>().Length} roles");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(routes.Count >= 70, $"only {routes.Count} endpoint methods were enumerated");
    }

    [Fact]
    public async Task ATokenForOneApp_ReachesThatAppOnly_NeverThePlatformOrAnotherApp()
    {
        var token = await CreateAsync("matrix-shop-owner", Role.Owner, AdminApiFixture.App);
        var failures = new List<string>();

        // Reads of its own app answer; anything of another app (here one that does not exist) or of the platform is refused.
        foreach (var route in ApiRoutes(fixture.RouteValues).Where(r => r.Method == "GET" && r.Url is not null))
        {
            var rule = AccessTable.Find(route.Method, Normalized(route));
            var status = await StatusAsync(route, token);
            if (rule.ForApp ? status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden : status != HttpStatusCode.Forbidden)
            {
                failures.Add($"GET {route.Url} answered {(int)status}");
            }
        }

        foreach (var route in ApiRoutes(Missing).Where(r => r.Normalized!.Contains("{app}", StringComparison.Ordinal)))
        {
            if (await StatusAsync(route, token) != HttpStatusCode.Forbidden)
            {
                failures.Add($"{route.Method} {route.Url} (another app) was not refused");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void TheAccessDocument_ShowsTheTableAsItIs()
    {
        var document = File.ReadAllText(Path.Combine(Gantry.Testing.Repository.Root, "docs", "access.md"));
        var rows = document.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).Where(c => c.Length >= 5 && c[1].Trim('`') is "GET" or "POST" or "PUT" or "PATCH" or "DELETE")
            .Select(c => $"{c[1].Trim('`')} {c[2].Trim('`')} {c[3]} {c[4]}").ToHashSet(StringComparer.Ordinal);
        var table = AccessTable.Rules.Select(r => $"{r.Method} {r.Pattern} {Roles.Name(r.Least)} {(r.ForApp ? "yes" : "no")}").ToHashSet(StringComparer.Ordinal);

        Assert.True(table.SetEquals(rows), "docs/access.md differs from AccessTable:\nmissing from the document:\n"
            + string.Join("\n", table.Except(rows)) + "\nnot in the table:\n" + string.Join("\n", rows.Except(table)));
    }

    private static Microsoft.AspNetCore.Routing.Patterns.RoutePattern Normalized(AdminRoute route) =>
        Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route.Normalized!);

    private async Task<string> CreateAsync(string name, Role role, string? app)
    {
        var response = await fixture.Server.Admin.PostAsJsonAsync("api/v1/tokens", new CreateTokenRequest(name, Roles.Name(role), app));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating {name}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<TokenCreated>(text, JsonSerializerOptions.Web)!.Token;
    }

    private async Task<HttpStatusCode> StatusAsync(AdminRoute route, string token)
    {
        using var client = new HttpClient { BaseAddress = fixture.Server.Server.AdminUrl };
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
