using System.Net;
using System.Text;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// The fast path as TestGateway runs it (in front of Kestrel, as gantry-gateway does): which requests it forwards
/// itself, what the app and the client see, and how a connection passes to Kestrel. Real Kestrel backends or raw
/// sockets on 127.0.0.1.
/// </summary>
public sealed class FastPathForwardingTests
{
    [Fact]
    public async Task PlainGets_AreForwardedByTheFastPath_OverOneKeptAliveAppConnection()
    {
        var connections = new HashSet<string>();
        await using var app = await TestBackend.StartAsync("app", context =>
        {
            lock (connections)
            {
                connections.Add(context.Connection.Id);
            }

            return context.Response.WriteAsync($"app {context.Request.Path}{context.Request.QueryString}");
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"app /items/{i}?q=a%20b", await gateway.GetStringAsync("app.test", $"/items/{i}?q=a%20b"));
        }

        Assert.Equal(20, gateway.FastPathForwarded);
        Assert.Single(connections);
        await Poll.UntilAsync(() => gateway.Table.Metrics.OfApp("app").Single().TotalsByStatusClass().Sum() == 20, "the route's counters show 20 requests");
    }

    [Fact]
    public async Task TheAppSeesTheFrameworkPathsHeaders_HopByHopAndGatewayOwnedOnesDropped()
    {
        await using var echo = await TestBackend.StartAsync("echo", context => context.Response.WriteAsync(string.Join("\n",
            context.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key.ToLowerInvariant()}={h.Value}"))));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", echo));

        const string Fields =
            "Host: app.test\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\n" +
            "Proxy-Authorization: Basic eA==\r\nTE: trailers\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n" +
            "Forwarded: for=6.6.6.6\r\nX-Gantry-Subject: admin\r\nX-Api-Key: k\r\nX-Custom: kept\r\nCookie: a=1\r\n" +
            "X-Forwarded-Prefix: /x\r\nX-Forwarded-Port: 1\r\nX-Gantry-Trace: t\r\n";
        string[] expected = ["cookie=a=1", "host=app.test", "x-custom=kept", "x-forwarded-for=127.0.0.1", "x-forwarded-host=app.test", "x-forwarded-port=1", "x-forwarded-proto=http", "x-gantry-trace=t"];

        using var fast = await RawConnection.ConnectAsync(gateway);
        await fast.SendAsync(Encoding.ASCII.GetBytes($"GET /h HTTP/1.1\r\n{Fields}\r\n"));
        var viaFastPath = await fast.ReadAsync();
        Assert.Equal(expected, viaFastPath?.Body.Split('\n') ?? []);
        Assert.Equal(1, gateway.FastPathForwarded);

        // The same fields with a chunked body take the framework path: the app sees the same set (and the framing),
        // except X-Hop: Kestrel keeps only keep-alive in the Connection value it hands on, so that path cannot see
        // the option, while the fast path drops the field as RFC 9110 §7.6.1 asks.
        using var framework = await RawConnection.ConnectAsync(gateway);
        await framework.SendAsync(Encoding.ASCII.GetBytes($"POST /h HTTP/1.1\r\n{Fields}Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"));
        var viaFramework = await framework.ReadAsync();
        Assert.Equal(
            expected.Append("transfer-encoding=chunked").Append("x-hop=1").Order(StringComparer.OrdinalIgnoreCase),
            viaFramework?.Body.Split('\n') ?? []);
        Assert.Equal(1, gateway.FastPathForwarded);
        Assert.Equal(1, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task AChunkedRequest_HandsTheConnectionToKestrel_WhichServesTheRestInOrder()
    {
        await using var app = await TestBackend.StartAsync("app", async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path} [{body}]");
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        using var client = await RawConnection.ConnectAsync(gateway);
        await client.SendAsync(Encoding.ASCII.GetBytes(
            "GET /one HTTP/1.1\r\nHost: app.test\r\n\r\n" +
            "POST /two HTTP/1.1\r\nHost: app.test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" +
            "GET /three HTTP/1.1\r\nHost: app.test\r\n\r\n"));

        Assert.Equal("GET /one []", (await client.ReadAsync())?.Body);
        Assert.Equal("POST /two [hello]", (await client.ReadAsync())?.Body);
        Assert.Equal("GET /three []", (await client.ReadAsync())?.Body);
        Assert.Equal(1, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task PipelinedGets_AreAnsweredInOrder_AndConnectionCloseIsHonoured()
    {
        await using var app = await TestBackend.StartAsync("app");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        using var client = await RawConnection.ConnectAsync(gateway);
        await client.SendAsync(Encoding.ASCII.GetBytes(
            "GET /a HTTP/1.1\r\nHost: app.test\r\n\r\nGET /b HTTP/1.1\r\nHost: app.test\r\n\r\nGET /c HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n"));

        Assert.Equal("app /a", (await client.ReadAsync())?.Body);
        Assert.Equal("app /b", (await client.ReadAsync())?.Body);
        var last = await client.ReadAsync();
        Assert.Equal("app /c", last?.Body);
        Assert.True(last!.Closes);
        Assert.Null(await client.ReadAsync());
        Assert.Equal(3, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task ChunkedHeadAndEmptyResponses_AreRelayedInTheirFraming()
    {
        await using var app = await TestBackend.StartAsync("app", async context =>
        {
            switch (context.Request.Path.Value)
            {
                case "/chunked":
                    for (var i = 0; i < 3; i++)
                    {
                        await context.Response.WriteAsync($"part{i};");
                        await context.Response.Body.FlushAsync();
                    }

                    break;
                case "/empty":
                    context.Response.StatusCode = 204;
                    break;
                default:
                    context.Response.ContentLength = 5;
                    if (!HttpMethods.IsHead(context.Request.Method))
                    {
                        await context.Response.WriteAsync("fixed");
                    }

                    break;
            }
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        using var chunked = await gateway.SendAsync("app.test", "/chunked");
        Assert.True(chunked.Headers.TransferEncodingChunked);
        Assert.Equal("part0;part1;part2;", await chunked.Content.ReadAsStringAsync());

        using var head = await gateway.SendAsync("app.test", "/fixed", HttpMethod.Head);
        Assert.Equal(5, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var empty = await gateway.SendAsync("app.test", "/empty");
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);

        Assert.Equal("fixed", await gateway.GetStringAsync("app.test", "/fixed"));
        Assert.Equal(4, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task AResponseEndedByClosing_ReachesTheClient_WhoseConnectionThenCloses()
    {
        await using var app = new RawBackend("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", closeAfter: true);
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", new Config.DestinationConfig("raw", app.Address)));

        using var client = await RawConnection.ConnectAsync(gateway);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n"));
        var text = await ReadToEndAsync(client);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
        Assert.Contains("\r\nConnection: close\r\n", text);
        Assert.EndsWith("\r\n\r\nuntil the end", text);
        Assert.Equal(1, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task InterimResponsesAreDropped_TrailersRelayed_WithTheConnectionKept()
    {
        await using var app = new RawBackend(
            "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\n\r\n",
            closeAfter: false);
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", new Config.DestinationConfig("raw", app.Address)));

        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.SendAsync("app.test", "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("abc", await response.Content.ReadAsStringAsync());
            Assert.Equal("1", response.TrailingHeaders.GetValues("X-Sum").Single());
        }

        Assert.Equal(3, gateway.FastPathForwarded);
        Assert.Equal(1, app.Connections);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")]
    [InlineData("HTTP/1.1 2xx OK\r\n\r\n")]
    public async Task AMalformedResponse_IsNotRelayed_TheFrameworkPathAnswersItsErrorPage(string answer)
    {
        await using var app = new RawBackend(answer, closeAfter: true);
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", new Config.DestinationConfig("raw", app.Address)));

        using var response = await gateway.SendAsync("app.test", "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("could not be reached", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task AnAppSilentPastTheActivityTimeout_Gets504_AsOnTheFrameworkPath()
    {
        await using var app = await TestBackend.StartAsync("slow", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });
        await using var gateway = await TestGateway.StartAsync(o => o.ActivityTimeout = TimeSpan.FromMilliseconds(500));
        gateway.Publish(Routes.To("app.test", "/", "app", app));

        using var response = await gateway.SendAsync("app.test", "/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("did not answer in time", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, gateway.FastPathForwarded);
    }

    [Fact]
    public async Task RoutesWithPoliciesBeyondTheHead_UnknownHosts_AndConsoleCookies_GoTheFrameworkPath()
    {
        await using var app = await TestBackend.StartAsync("app", context => context.Response.WriteAsync(context.Request.Headers.Cookie.ToString()));
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(
            Routes.To("app.test", "/", "app", app),
            Routes.To("app.test", "/limited", "app", app) with { Policy = new Config.RoutePolicyConfig { Timeout = TimeSpan.FromSeconds(30) } });

        using var unknown = await gateway.SendAsync("nowhere.test", "/");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("", await gateway.GetStringAsync("app.test", "/limited"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "app.test";
        request.Headers.Add("Cookie", "gantry_console=S; a=1");
        using var withCookie = await gateway.Client.SendAsync(request);
        Assert.Equal("a=1", await withCookie.Content.ReadAsStringAsync());

        Assert.Equal(0, gateway.FastPathForwarded);
    }

    private static async Task<string> ReadToEndAsync(RawConnection client)
    {
        var bytes = await client.ReadAllAsync();
        return Encoding.Latin1.GetString(bytes);
    }
}
