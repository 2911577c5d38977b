using System.Net;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Forwarding;

public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task ForwardedHeaders_AreSetByTheGateway_AndSpoofedCopiesAreDropped()
    {
        await using var echo = await TestBackend.StartAsync("echo", context =>
        {
            var headers = context.Request.Headers;
            string Show(string name) => headers.TryGetValue(name, out var values) ? string.Join("|", values.ToArray()) : "(none)";
            return context.Response.WriteAsync(string.Join("\n",
                $"host={Show("Host")}",
                $"for={Show("X-Forwarded-For")}",
                $"proto={Show("X-Forwarded-Proto")}",
                $"fhost={Show("X-Forwarded-Host")}",
                $"prefix={Show("X-Forwarded-Prefix")}",
                $"forwarded={Show("Forwarded")}",
                $"custom={Show("X-Custom")}"));
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", echo));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Host = "app.test";
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "bank.example");
        request.Headers.Add("X-Forwarded-Prefix", "/admin");
        request.Headers.Add("Forwarded", "for=6.6.6.6;proto=https");
        request.Headers.Add("X-Custom", "kept");
        using var response = await gateway.Client.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["host=app.test", "for=127.0.0.1", "proto=http", "fhost=app.test", "prefix=(none)", "forwarded=(none)", "custom=kept"],
            lines);
    }

    [Fact]
    public async Task TheConsolesCookies_NeverReachAnApp_OtherCookiesDo()
    {
        await using var echo = await TestBackend.StartAsync("echo", context =>
            context.Response.WriteAsync(context.Request.Headers.Cookie.ToString() is { Length: > 0 } cookie ? cookie : "(none)"));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", echo));

        Assert.Equal("theme=dark; cart=3", await SendWithCookieAsync(gateway, "theme=dark; gantry_console=SESSION; cart=3; gantry_antiforgery=X"));
        Assert.Equal("(none)", await SendWithCookieAsync(gateway, "gantry_console=SESSION"));
        Assert.Equal("a=1", await SendWithCookieAsync(gateway, "a=1"));
    }

    private static async Task<string> SendWithCookieAsync(TestGateway gateway, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "app.test";
        request.Headers.Add("Cookie", cookie);
        using var response = await gateway.Client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
