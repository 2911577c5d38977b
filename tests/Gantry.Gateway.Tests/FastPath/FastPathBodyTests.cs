using System.Net;
using System.Text;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// Requests with a body of known length on the fast path: forwarded once all of it is in (up to 64 KB), never sent
/// twice, larger ones left to the framework path. Real Kestrel backends or raw sockets on 127.0.0.1.
/// </summary>
public sealed class FastPathBodyTests
{
    [Fact]
    public async Task GetPostPutGet_OnOneConnection_AllTakeTheFastPath_WithTheirBodies()
    {
        await using var app = await EchoBodyAsync();
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        using var client = await RawConnection.ConnectAsync(gateway);
        await client.SendAsync(Encoding.ASCII.GetBytes(
            "GET /a HTTP/1.1\r\nHost: app.test\r\n\r\n" +
            "POST /b HTTP/1.1\r\nHost: app.test\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello" +
            "PUT /c HTTP/1.1\r\nHost: app.test\r\nContent-Length: 3\r\n\r\nabc"));
        Assert.Equal("GET /a [] 0", (await client.ReadAsync())?.Body);
        Assert.Equal("POST /b [hello] 5", (await client.ReadAsync())?.Body);
        Assert.Equal("PUT /c [abc] 3", (await client.ReadAsync())?.Body);

        // A body sent after its head, in a write of its own.
        await client.SendAsync(Encoding.ASCII.GetBytes("PATCH /d HTTP/1.1\r\nHost: app.test\r\nContent-Length: 4\r\n\r\n"));
        await client.SendAsync(Encoding.ASCII.GetBytes("wxyz"));
        Assert.Equal("PATCH /d [wxyz] 4", (await client.ReadAsync())?.Body);

        Assert.Equal(4, gateway.FastPathForwarded);
        Assert.Equal(4, app.Requests);
    }

    [Fact]
    public async Task ABodyOver64KB_OrChunked_GoesToTheFrameworkPath_Intact()
    {
        await using var app = await EchoBodyAsync(lengthOnly: true);
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        using var large = await gateway.SendAsync("app.test", "/large", HttpMethod.Post, new ByteArrayContent(new byte[(64 * 1024) + 1]));
        Assert.Equal("POST /large 65537", await large.Content.ReadAsStringAsync());
        using var chunked = await gateway.SendAsync("app.test", "/chunked", HttpMethod.Post, new StreamContent(new MemoryStream(new byte[10])));
        Assert.Equal("POST /chunked 10", await chunked.Content.ReadAsStringAsync());
        Assert.Equal(0, gateway.FastPathForwarded);

        using var fits = await gateway.SendAsync("app.test", "/fits", HttpMethod.Post, new ByteArrayContent(new byte[64 * 1024]));
        Assert.Equal("POST /fits 65536", await fits.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APostTheAppDropsUnanswered_Gets502_AndIsNotSentAgain()
    {
        await using var app = new RawBackend("", closeAfter: true);
        await using var gateway = await TestGateway.StartAsync(o => o.MaxAttempts = 3);
        gateway.Publish(Routes.To("app.test", "/", "app", new DestinationConfig("raw", app.Address)));

        using var response = await gateway.SendAsync("app.test", "/orders", HttpMethod.Post, new StringContent("{\"item\":1}"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("could not be reached", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, app.Requests);
        Assert.Equal(1, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task ARouteBodyLimit_LetsSmallerBodiesThrough_AndLargerOnesGet413()
    {
        await using var app = await EchoBodyAsync(lengthOnly: true);
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app) with { Policy = new RoutePolicyConfig { MaxBodyBytes = 10 } });

        using var small = await gateway.SendAsync("app.test", "/", HttpMethod.Post, new ByteArrayContent(new byte[10]));
        Assert.Equal("POST / 10", await small.Content.ReadAsStringAsync());
        Assert.Equal(1, gateway.FastPathForwarded);

        using var large = await gateway.SendAsync("app.test", "/", HttpMethod.Post, new ByteArrayContent(new byte[11]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(1, app.Requests);
    }

    private static Task<TestBackend> EchoBodyAsync(bool lengthOnly = false) => TestBackend.StartAsync("app", async context =>
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var text = lengthOnly ? "" : $"[{Encoding.ASCII.GetString(body.ToArray())}] ";
        await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path} {text}{(lengthOnly ? body.Length : context.Request.ContentLength ?? 0)}");
    });
}
