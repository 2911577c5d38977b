using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Policies;

public sealed class ResilienceTests
{
    [Fact]
    public async Task TheCircuit_OpensAfterConsecutiveFailures_Answers503WithTheReason_AndAProbeClosesIt()
    {
        var failing = 1;
        await using var backend = await TestBackend.StartAsync("app", context =>
        {
            context.Response.StatusCode = Volatile.Read(ref failing) == 1 ? 500 : 200;
            return Task.CompletedTask;
        });
        await using var gateway = await TestGateway.StartAsync();
        var breaker = new CircuitBreakerConfig(3, null, 10, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
        gateway.Publish(Routes.To("shop.test", "/", "shop", backend) with { CircuitBreaker = breaker });

        for (var i = 0; i < 3; i++)
        {
            using var failed = await gateway.SendAsync("/");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using (var open = await gateway.SendAsync("/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
            Assert.Contains("3 requests in a row failed", await open.Content.ReadAsStringAsync());
            Assert.NotNull(open.Headers.RetryAfter);
        }

        Assert.Equal(3, backend.Requests);
        Volatile.Write(ref failing, 0);
        await Poll.UntilAsync(async () =>
        {
            using var probe = await gateway.SendAsync("/");
            return probe.StatusCode == HttpStatusCode.OK;
        }, "the circuit to let a probe through after the break");

        using var closed = await gateway.SendAsync("/");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(1, gateway.Logs.Count(1022));
    }

    [Fact]
    public async Task BodiesOverTheLimit_Get413_WhetherDeclaredOrChunked()
    {
        await using var backend = await TestBackend.StartAsync("app", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            await context.Response.WriteAsync($"read {(await reader.ReadToEndAsync()).Length}");
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { MaxBodyBytes = 1024 }));

        using var small = await gateway.SendAsync("/", method: HttpMethod.Post, content: new StringContent(new string('a', 1000)));
        using var declared = await gateway.SendAsync("/", method: HttpMethod.Post, content: new StringContent(new string('a', 5000)));
        var chunkedContent = new StreamContent(new MemoryStream(new byte[64 * 1024]));
        using var chunked = await gateway.SendAsync("/", method: HttpMethod.Post, content: new ChunkedContent(chunkedContent));

        Assert.Equal("read 1000", await small.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Contains("at most 1024", await declared.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
    }

    [Fact]
    public async Task ASlowApp_Gets504_AfterTheRoutesTimeout()
    {
        await using var backend = await TestBackend.StartAsync("app", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(PolicyRoutes.With(backend, new RoutePolicyConfig { Timeout = TimeSpan.FromMilliseconds(300) }));

        using var response = await gateway.SendAsync("/");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Fact]
    public async Task TheBulkhead_Refuses503AtOnce_WhileAnotherAppIsStillServed()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await TestBackend.StartAsync("slow", async _ => await release.Task);
        await using var other = await TestBackend.StartAsync("other");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(
            Routes.To("shop.test", "/", "shop", slow) with { MaxConcurrentRequests = 2 },
            Routes.To("blog.test", "/", "blog", other));

        var held = Enumerable.Range(0, 2).Select(_ => gateway.SendAsync("/")).ToArray();
        await Poll.UntilAsync(() => gateway.Policies.Bulkhead("shop").InFlight == 2, "two requests to hold the bulkhead");

        using var refused = await gateway.SendAsync("/");
        using var served = await gateway.SendAsync("/", host: "blog.test");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("as many requests as it may (2)", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        release.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(0, gateway.Policies.Bulkhead("shop").InFlight);
    }

    /// <summary>Sends its inner content without a Content-Length, so the body goes chunked.</summary>
    private sealed class ChunkedContent(HttpContent inner) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream, context);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
