using System.Net;
using Gantry.Gateway.Metrics;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Metrics;

/// <summary>Per-route traffic counters: what the console charts and /api/v1/apps/APP/metrics report.</summary>
public sealed class RouteMetricsTests
{
    [Fact]
    public async Task RequestsThroughTheGateway_AreCountedPerRoute_WithServerErrorsAndLatency()
    {
        await using var ok = await TestBackend.StartAsync("ok");
        await using var failing = await TestBackend.StartAsync("failing", context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("shop.test", "/", "shop", ok), Routes.To("shop.test", "/broken", "shop", failing));

        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await gateway.SendAsync("shop.test", "/")).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await gateway.SendAsync("shop.test", "/broken/x")).StatusCode);
        }

        await gateway.SendAsync("unknown.test", "/");
        var routes = gateway.Table.Metrics.OfApp("shop");
        var now = gateway.Table.Metrics.CurrentMinute;

        Assert.Equal(["shop.test/", "shop.test/broken"], routes.Select(r => r.Route));
        var root = routes[0].LastHour(now);
        var broken = routes[1].LastHour(now);
        Assert.Equal(60, root.Count);
        Assert.Equal((7L, 0L), (root.Sum(m => m.Requests), root.Sum(m => m.Errors)));
        Assert.Equal((3L, 3L), (broken.Sum(m => m.Requests), broken.Sum(m => m.Errors)));
        Assert.NotNull(root[^1].P50Ms ?? root[^2].P50Ms);
    }

    [Fact]
    public void Counters_KeepAnHourByMinute_AndForgetOlderMinutes()
    {
        var counters = new RouteCounters("shop", "shop.test/");
        counters.Record(200, 3, unixMinute: 1000);
        counters.Record(503, 700, unixMinute: 1000);
        counters.Record(200, 0.5, unixMinute: 1059);

        var hour = counters.LastHour(1059);
        Assert.Equal(new MinuteStats(1000, 2, 1, 5, 1000), hour[0]);
        Assert.Equal(new MinuteStats(1059, 1, 0, 1, 1), hour[^1]);

        // Minute 1060 takes minute 1000's slot: the old counts are gone, not added to.
        counters.Record(200, 30, unixMinute: 1060);
        var next = counters.LastHour(1060);
        Assert.Equal(new MinuteStats(1060, 1, 0, 50, 50), next[^1]);
        Assert.Equal(1, next.Sum(m => m.Requests) - 1);
    }
}
