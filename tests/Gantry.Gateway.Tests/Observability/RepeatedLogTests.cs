using System.Net;
using Gantry.Gateway.Observability;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Observability;

public sealed class RepeatedLogTests
{
    // GatewayLog.NoReadyDestinations.
    private const int NoReady = 1003;

    [Fact]
    public async Task ManyRequestsToAnAppWithNoReadyInstance_LogOneWarningPerInterval_NotOnePerRequest()
    {
        // An interval no test run reaches, so the count below does not depend on how fast the machine is.
        await using var gateway = await TestGateway.StartAsync(o => o.RepeatedLogInterval = TimeSpan.FromHours(1));
        gateway.Publish(Routes.To("billing.test", "/", "billing", Array.Empty<TestBackend>()), Routes.To("shop.test", "/", "shop", Array.Empty<TestBackend>()));

        for (var i = 0; i < 50; i++)
        {
            using var response = await gateway.SendAsync(i % 5 == 0 ? "shop.test" : "billing.test", "/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(1, gateway.Logs.Count(NoReady, "App billing workload"));
        Assert.Equal(1, gateway.Logs.Count(NoReady, "App shop workload"));
    }

    [Fact]
    public void AThrottledKey_ReportsHowManyTimesItWasHeldBack_WhenTheIntervalHasPassed()
    {
        var throttle = new LogThrottle<(string, string)>(TimeSpan.FromSeconds(30));
        var key = ("shop", "web");

        Assert.True(throttle.ShouldLog(key, nowMs: 1_000, out var first));
        var held = Enumerable.Range(0, 41).Count(i => !throttle.ShouldLog(key, nowMs: 1_000 + (i * 500), out _));
        Assert.True(throttle.ShouldLog(("shop", "worker"), nowMs: 2_000, out _));
        Assert.False(throttle.ShouldLog(key, nowMs: 30_999, out _));
        Assert.True(throttle.ShouldLog(key, nowMs: 31_000, out var later));

        Assert.Equal(0, first);
        Assert.Equal(41, held);
        Assert.Equal(42, later);
    }
}
