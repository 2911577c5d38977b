using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Gateway.Config;

namespace Gantry.ControlPlane.Tests.DataPlane;

/// <summary>
/// <c>POST /gateway/v1/quota</c> on a real control plane: other gateways' requests counted against a client's day and
/// total quota in the control plane's own gateway counters, behind the gateway token alone.
/// </summary>
public sealed class GatewayQuotaTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private HttpClient _gateway = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _gateway = await _server.GatewayTokenClientAsync();
        var policy = new RoutePolicyConfig { RateLimit = new RateLimitConfig("auto", new QuotaConfig(1, 1, 2, null), [new TierConfig("member", new QuotaConfig(null, null, null, 5))]) };
        _server.Server.Services.GetRequiredService<RoutePublisher>().Publish("shop",
        [
            new RouteConfig("shop.test", "/", "shop", "web", [new DestinationConfig("i1:80", "http://127.0.0.1:9")]) { RouteName = "api", Policy = policy },
        ]);
    }

    public async Task DisposeAsync()
    {
        _gateway.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AQuotaOf2PerDay_AdmitsTwoOfThree_CountingOnlyTheDay_AcrossCallers()
    {
        // Per second and per minute limits of 1 are the gateways' own: three counts within a second are all looked at by the day alone.
        var answers = new List<SharedQuotaAnswer>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await CountAsync(new SharedQuotaRequest("shop/api", "key:k1")));
        }

        Assert.Equal([true, true, false], answers.Select(a => a.Admitted));
        Assert.Equal([1, 0, 0], answers.Select(a => a.Remaining));
        Assert.All(answers, a => Assert.Equal(("day", 2, 86400L), (a.Window, a.Limit, a.WindowSeconds)));
        Assert.InRange(answers[2].ResetSeconds, 1, 86400);

        // Another client and another tier count apart.
        Assert.True((await CountAsync(new SharedQuotaRequest("shop/api", "key:k2"))).Admitted);
        var member = await CountAsync(new SharedQuotaRequest("shop/api", "key:k1") { Tier = "member" });
        Assert.Equal((true, "total", 5, 4), (member.Admitted, member.Window, member.Limit, member.Remaining));
    }

    [Theory]
    [InlineData("""{"client": "key:k1"}""", "'route' is required")]
    [InlineData("""{"route": "shop/api"}""", "'client' is required")]
    [InlineData("""{"route": "shop/api", "client": null}""", "'client'")]
    [InlineData("""{"route": 7, "client": "key:k1"}""", "'route'")]
    [InlineData("""{"route": "", "client": "key:k1"}""", "route: ")]
    [InlineData("""{"route": "shop/api", "client": ""}""", "client: ")]
    [InlineData("""{"route": "shop/api", "client": "key:k1", "tier": ""}""", "tier: ")]
    [InlineData("""not json""", "body: ")]
    [InlineData("""null""", "body: ")]
    public async Task ABadBody_Is400NamingTheField(string body, string named)
    {
        using var response = await _gateway.PostAsync("gateway/v1/quota", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Contains(named, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownRoute_Is404NamingIt()
    {
        using var response = await PostAsync(_gateway, new SharedQuotaRequest("shop/nope", "key:k1"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("route: no published route has the quota key 'shop/nope'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdminToken_AndNoToken_Get401_AndCountNothing()
    {
        using var asAdmin = await PostAsync(_server.Admin, new SharedQuotaRequest("shop/api", "key:k1"));
        using var anonymous = new HttpClient { BaseAddress = _server.Server.AdminUrl };
        using var withoutToken = await PostAsync(anonymous, new SharedQuotaRequest("shop/api", "key:k1"));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (asAdmin.StatusCode, withoutToken.StatusCode));
        Assert.Contains("gateway token", await asAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, (await CountAsync(new SharedQuotaRequest("shop/api", "key:k1"))).Remaining);
    }

    private async Task<SharedQuotaAnswer> CountAsync(SharedQuotaRequest request)
    {
        using var response = await PostAsync(_gateway, request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        return JsonSerializer.Deserialize(body, GatewayConfigJson.Default.SharedQuotaAnswer)!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, SharedQuotaRequest request) =>
        client.PostAsync("gateway/v1/quota", new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, GatewayConfigJson.Default.SharedQuotaRequest))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        });
}
