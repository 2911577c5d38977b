using System.Net;
using System.Text.Encodings.Web;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Routing;

public sealed class RoutingTests
{
    [Fact]
    public async Task Request_IsRoutedByHost_IgnoringCaseAndPort()
    {
        await using var shop = await TestBackend.StartAsync("shop");
        await using var blog = await TestBackend.StartAsync("blog");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("shop.test", "/", "shop", shop), Routes.To("blog.test", "/", "blog", blog));

        Assert.Equal("shop /cart", await gateway.GetStringAsync("shop.test", "/cart"));
        Assert.Equal("blog /post/1", await gateway.GetStringAsync("BLOG.test:8080", "/post/1"));
    }

    [Fact]
    public async Task Request_IsRoutedByLongestPathPrefix_OnSegmentBoundaries_WithPathUnchanged()
    {
        await using var site = await TestBackend.StartAsync("site");
        await using var api = await TestBackend.StartAsync("api");
        await using var admin = await TestBackend.StartAsync("admin");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(
            Routes.To("app.test", "/", "site", site),
            Routes.To("app.test", "/api", "api", api),
            Routes.To("app.test", "/api/admin/", "admin", admin));

        Assert.Equal("api /api", await gateway.GetStringAsync("app.test", "/api"));
        Assert.Equal("api /api/users?x=1", await gateway.GetStringAsync("app.test", "/api/users?x=1"));
        Assert.Equal("site /apix", await gateway.GetStringAsync("app.test", "/apix"));
        Assert.Equal("admin /api/admin/keys", await gateway.GetStringAsync("app.test", "/api/admin/keys"));
        Assert.Equal("api /api/administrator", await gateway.GetStringAsync("app.test", "/api/administrator"));
        Assert.Equal("site /", await gateway.GetStringAsync("app.test", "/"));
    }

    [Fact]
    public async Task UnknownHost_Gets404_NamingTheHost_AndNothingElse()
    {
        await using var backend = await TestBackend.StartAsync("secret-instance");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("known.test", "/", "known-app", backend));

        using var response = await gateway.SendAsync("nobody.test:9000", "/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No app is routed at host 'nobody.test'", page, StringComparison.Ordinal);
        Assert.DoesNotContain("known", page, StringComparison.Ordinal);
        Assert.DoesNotContain(backend.Address, page, StringComparison.Ordinal);
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task UnknownPath_WithMarkupInIt_IsHtmlEncodedInThePage()
    {
        await using var api = await TestBackend.StartAsync("api");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/api", "api", api));

        // The path reaches the gateway decoded, so this is how markup from a client gets into a page.
        using var response = await gateway.SendAsync("app.test", "/%3Cscript%3Ealert('x')%3C/script%3E");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(HtmlEncoder.Default.Encode("/<script>alert('x')</script>"), page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownHost_ThatIsAScriptTag_IsNeverReflectedAsMarkup()
    {
        await using var gateway = await TestGateway.StartAsync();

        // Kestrel rejects such a Host (400) before the gateway sees it; either way no markup may come back.
        // ErrorPagesTests covers the gateway's own encoding of such a host.
        using var response = await gateway.SendAsync("<script>alert(1)</script>", "/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"status {response.StatusCode}");
        Assert.DoesNotContain("<script>", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task KnownHost_WithoutMatchingPrefix_Gets404()
    {
        await using var api = await TestBackend.StartAsync("api");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/api", "api", api));

        using var response = await gateway.SendAsync("app.test", "/web");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, api.Requests);
    }

    [Fact]
    public async Task RouteWithoutDestinations_Gets503_WithRetryAfter_NamingTheApp()
    {
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "billing", Array.Empty<TestBackend>()));

        using var response = await gateway.SendAsync("app.test", "/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Contains("app 'billing' has no ready instances", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithDuplicatePrefixOrBadAddress_Throws_AndKeepsTheCurrentSnapshot()
    {
        await using var backend = await TestBackend.StartAsync("one");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", backend));
        var before = gateway.Table.Current;

        Assert.Throws<ArgumentException>(() => gateway.Publish(Routes.To("x.test", "/a", "x", backend), Routes.To("X.test", "/a/", "y", backend)));
        Assert.Throws<ArgumentException>(() => gateway.Publish(Routes.To("x.test", "/", "x", new DestinationConfig("d", "ftp://nope"))));

        Assert.Same(before, gateway.Table.Current);
        Assert.Equal("one /", await gateway.GetStringAsync("app.test", "/"));
    }
}
