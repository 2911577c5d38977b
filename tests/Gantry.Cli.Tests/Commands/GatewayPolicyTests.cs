using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Policies written in gantry.yaml, enforced by the real gateway of a real 'gantry up', and the CLI that manages clients.</summary>
public sealed class GatewayPolicyTests() : RunningGantryTest("gantry-policies")
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task JwtTiersAndKeys_FromGantryYaml_AreEnforced_CountedAcrossARestart_LoggedAndExposedToPrometheus()
    {
        var app = WriteApp();
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(app, "gantry.yaml"), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        // The release's spec carries the JWKS, but reading it never shows the HS256 secret.
        var secret = Base64UrlEncoder.Encode(_secret);
        var detail = await ReadReleaseAsync(Gantry);
        Assert.Contains("(secret)", detail);
        Assert.DoesNotContain(secret, detail);

        var guest = Token("guest-1", "guest");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/", bearer: null)).StatusCode);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync("/", guest)).StatusCode);
        }

        // The guest's third request comes after a restart: the count was kept.
        var data = Gantry.DataDirectory;
        await Gantry.StopAsync();
        await using var restarted = await GantryProcess.StartAsync(data);
        await Eventually.UntilAsync(async () => (await SendAsync("/", Token("member-1", "member"), restarted)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the app to serve again after the restart");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/", guest, restarted)).StatusCode);
        var limited = await SendAsync("/", guest, restarted);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("all 3 requests", await limited.Content.ReadAsStringAsync());

        // API keys: shown once, enforced, blocked and revoked from the next request on.
        var created = await restarted.RunAsync("keys", "create", "shop", "mobile", "--role", "member", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        using var createdJson = JsonDocument.Parse(created.Stdout);
        var key = createdJson.RootElement.GetProperty("key").GetString()!;
        var keyId = createdJson.RootElement.GetProperty("info").GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/", null, restarted, key)).StatusCode);
        Assert.DoesNotContain(key, (await restarted.RunAsync("keys", "list", "shop", "--json")).Stdout);
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(Path.Combine(data, "gantry.db")));

        var block = await restarted.RunAsync("clients", "block", "shop", "--key", keyId);
        Assert.True(block.ExitCode == 0, block.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync("/", null, restarted, key)).StatusCode);
        Assert.Equal(0, (await restarted.RunAsync("clients", "unblock", "shop", "1")).ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("/", null, restarted, key)).StatusCode);
        Assert.Equal(0, (await restarted.RunAsync("keys", "revoke", "shop", keyId)).ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("/", null, restarted, key)).StatusCode);
        Assert.Equal(2, (await restarted.RunAsync("clients", "block", "shop")).ExitCode);

        // Every request is in the access log, without tokens or keys; Prometheus sees the route.
        var log = Path.Combine(data, "logs", "access.log");
        await Eventually.UntilAsync(() => Task.FromResult(File.Exists(log) && File.ReadAllText(log).Contains("\"status\":429", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the 429 to reach the access log");
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Contains(lines, l => l.Contains("\"status\":401", StringComparison.Ordinal) && l.Contains("\"app\":\"shop\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"client\":\"sub:guest-1\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(guest, StringComparison.Ordinal) || l.Contains(key, StringComparison.Ordinal));

        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restarted.AdminPort}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("metrics")).StatusCode);
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(data, "admin-token"))).Trim());
        var metrics = await admin.GetStringAsync("metrics");
        Assert.Contains("gantry_gateway_requests_total{app=\"shop\",route=\"shop.localhost/\",code=\"4xx\"}", metrics);
        Assert.Contains("gantry_gateway_request_duration_seconds_bucket{app=\"shop\",route=\"shop.localhost/\",le=\"+Inf\"}", metrics);
    }

    [Fact]
    public async Task Deploy_WithAPolicyForAnUnknownRoute_Exits2NamingTheLine()
    {
        var app = WriteApp(routeName: "rout");
        var deploy = await Gantry.RunAsync("deploy", "-f", Path.Combine(app, "gantry.yaml"));

        Assert.Equal(2, deploy.ExitCode);
        Assert.Contains("gantry.yaml:5:7: workloads[0].routes.rout: 'rout' is not a route resource of score.yaml", deploy.Stderr + deploy.Stdout);
        Assert.Contains("did you mean 'route'?", deploy.Stderr + deploy.Stdout);
    }

    private static async Task<string> ReadReleaseAsync(GantryProcess gantry)
    {
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gantry.AdminPort}") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(gantry.DataDirectory, "admin-token"))).Trim());
        return await admin.GetStringAsync("api/v1/apps/shop/releases/1");
    }

    private string WriteApp(string routeName = "route")
    {
        var folder = Temp.Combine("shop");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "index.html"), "<h1>shop</h1>");
        File.WriteAllText(Path.Combine(folder, "jwks.json"), JsonSerializer.Serialize(new { keys = new[] { new { kty = "oct", kid = "k1", k = Base64UrlEncoder.Encode(_secret) } } }));
        File.WriteAllText(Path.Combine(folder, "gantry.yaml"), $$"""
            name: shop
            workloads:
              - score: score.yaml
                routes:
                  {{routeName}}:
                    auth:
                      jwt: { issuer: https://issuer.test, audience: shop, jwksFile: jwks.json }
                      apiKeys: true
                    rateLimit:
                      tiers:
                        - { role: guest, total: 3 }
                        - { role: member, perDay: 100 }
            """);
        File.WriteAllText(Path.Combine(folder, "score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              site:
                image: .
            resources:
              route:
                type: route
                params: { host: shop.localhost, path: /, port: 80 }
            """);
        return folder;
    }

    private string Token(string subject, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://issuer.test",
        Audience = "shop",
        Claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = new[] { role } },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_secret) { KeyId = "k1" }, SecurityAlgorithms.HmacSha256),
    });

    private async Task<HttpResponseMessage> SendAsync(string path, string? bearer, GantryProcess? gantry = null, string? apiKey = null)
    {
        using var http = new HttpClient { BaseAddress = (gantry ?? Gantry).Gateway };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "shop.localhost";
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
