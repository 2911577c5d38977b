using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gantry.ControlPlane.Tests.Deploy;

/// <summary>
/// A route's <c>jwksUrl</c> is fetched once at deploy, as the gateway would fetch it, and every refusal is a 400 naming
/// the field with its line, before anything is stored. The key sets are served by a real Kestrel on 127.0.0.1.
/// </summary>
public sealed class JwksDeployCheckTests : IAsyncLifetime
{
    private const string Field = "workloads[0].routes.api.auth.jwt.jwksUrl";

    private readonly string _rsaJwks = RsaJwks();
    private WebApplication _issuer = null!;
    private string _issuerAddress = "";
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _issuer = builder.Build();
        var chunk = new byte[64 * 1024];
        _issuer.MapGet("/jwks.json", () => Results.Text(_rsaJwks, "application/json"));
        _issuer.MapGet("/moved", () => Results.Redirect("https://id.example.com/jwks.json"));
        _issuer.MapGet("/secret", () => Results.Text("""{"keys":[{"kty":"oct","kid":"hs","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ"}]}""", "application/json"));
        _issuer.MapGet("/huge", async context =>
        {
            context.Response.ContentLength = 10 * 1024 * 1024;
            for (var sent = 0; sent < 10 * 1024 * 1024 && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        await _issuer.StartAsync();
        _issuerAddress = _issuer.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _server = await TestServer.StartAsync(configure: o => o with { JwksAllowLoopback = true });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Theory]
    [InlineData("http://id.example.com/jwks.json", "uses plain http: a key set must be fetched over https")]
    [InlineData("http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address (the cloud metadata service)")]
    [InlineData("{issuer}/moved", "answered 302, a redirect to https://id.example.com/jwks.json; redirects are not followed")]
    [InlineData("{issuer}/huge", "is 10485760 bytes; at most 1 MiB is read")]
    [InlineData("{issuer}/secret", "holds a symmetric key 'hs' (kty: oct): a shared secret is never taken from a URL")]
    [InlineData("{issuer}/missing", "answered 404")]
    public async Task Deploy_WithAJwksUrlTheGatewayWouldRefuse_Answers400AtTheFieldAndStoresNothing(string url, string expected)
    {
        using var response = await DeployAsync(_server, url.Replace("{issuer}", _issuerAddress, StringComparison.Ordinal));

        var error = await SingleErrorAsync(response);
        Assert.Equal($"gantry.yaml:7:{Column}: {Field}", $"{error.GetProperty("file").GetString()}:{error.GetProperty("line").GetInt32()}:{error.GetProperty("column").GetInt32()}: {error.GetProperty("field").GetString()}");
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _server.Admin.GetFromJsonAsync<List<AppSummary>>("api/v1/apps", JsonSerializerOptions.Web) ?? []);
    }

    [Fact]
    public async Task Deploy_WithALoopbackJwksUrl_IsRefused_WhenThePlatformDoesNotAllowLoopback()
    {
        await using var strict = await TestServer.StartAsync();

        using var response = await DeployAsync(strict, $"{_issuerAddress}/jwks.json");

        var error = await SingleErrorAsync(response);
        Assert.Equal(Field, error.GetProperty("field").GetString());
        Assert.Contains("127.0.0.1 is a loopback address (this machine); a key set is fetched from there only when the platform allows loopback (gantry up --jwks-allow-loopback)",
            error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_WithAJwksUrlServingPublicKeys_IsAccepted_WhenThePlatformAllowsLoopback()
    {
        using var response = await DeployAsync(_server, $"{_issuerAddress}/jwks.json");

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web);
        var release = await _server.ReleaseAsync(accepted!.App, accepted.Release);
        Assert.Contains($"{_issuerAddress}/jwks.json", JsonSerializer.Serialize(release), StringComparison.Ordinal);
    }

    // Where the URL's value starts on its line in the gantry.yaml below.
    private const int Column = 27;

    private static Task<HttpResponseMessage> DeployAsync(TestServer server, string url)
    {
        var files = new Dictionary<string, string>
        {
            ["gantry.yaml"] = $"name: shop\nworkloads:\n  - score: score.yaml\n    routes:\n      api:\n        auth:\n          jwt: {{ jwksUrl: '{url}' }}\n",
            ["score.yaml"] = """
                apiVersion: score.dev/v1b1
                metadata:
                  name: web
                containers:
                  app:
                    image: nginx:1.27
                service:
                  ports:
                    web: { port: 80, targetPort: 8080 }
                resources:
                  api:
                    type: route
                    params: { host: shop.test, path: /, port: 80 }

                """,
        };
        return server.Admin.PostAsJsonAsync("api/v1/deploy", new DeployFilesRequest("gantry.yaml", files));
    }

    private static async Task<JsonElement> SingleErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var problem = JsonDocument.Parse(body);
        return Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray().ToList()).Clone();
    }

    private static string RsaJwks()
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", kid = "rsa-1", use = "sig", alg = "RS256", n = Base64Url.EncodeToString(key.Modulus), e = Base64Url.EncodeToString(key.Exponent) } },
        });
    }
}
