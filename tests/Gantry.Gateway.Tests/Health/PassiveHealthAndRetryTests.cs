using System.Net;
using Gantry.Gateway.Config;
using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Health;

public sealed class PassiveHealthAndRetryTests
{
    // GatewayLog.DestinationUnreachable: logged once per failed connection attempt.
    private const int Unreachable = 1010;
    private const int Retrying = 1011;

    [Fact]
    public async Task Get_ToADestinationThatRefusesConnections_IsRetriedElsewhere_ThenTheDeadOneIsSkipped()
    {
        var dead = new DestinationConfig("dead", await TestBackend.StoppedAddressAsync());
        await using var alive = await TestBackend.StartAsync("alive");
        await using var gateway = await TestGateway.StartAsync(o => o.PassiveHealthReactivation = TimeSpan.FromMinutes(5));
        gateway.Publish(Routes.To("app.test", "/", "app", dead, new DestinationConfig("alive", alive.Address)));

        // Each request has an even chance of trying the dead one first; go until it has.
        for (var i = 0; i < 60 && gateway.Logs.Count(Unreachable, "dead") == 0; i++)
        {
            Assert.Equal("alive /", await gateway.GetStringAsync("app.test", "/"));
        }

        Assert.Equal(1, gateway.Logs.Count(Unreachable, "dead"));
        Assert.False(gateway.Table.IsHealthy("dead"));
        Assert.True(gateway.Table.IsHealthy("alive"));

        var servedBefore = alive.Requests;
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("alive /", await gateway.GetStringAsync("app.test", "/"));
        }

        Assert.Equal(1, gateway.Logs.Count(Unreachable, "dead"));
        Assert.Equal(servedBefore + 40, alive.Requests);
    }

    [Fact]
    public async Task Post_WithABody_ToADeadDestination_Gets502_AndIsNotRetried()
    {
        var dead = new DestinationConfig("dead", await TestBackend.StoppedAddressAsync());
        await using var gateway = await TestGateway.StartAsync(o => o.MaxAttempts = 3);
        gateway.Publish(Routes.To("app.test", "/", "orders", dead));

        using var response = await gateway.SendAsync("app.test", "/orders", HttpMethod.Post, new StringContent("{\"item\":1}"));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("app 'orders' could not be reached", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        Assert.Equal(1, gateway.Logs.Count(Unreachable, "dead"));
        Assert.Equal(0, gateway.Logs.Count(Retrying));
    }

    [Fact]
    public async Task Get_WhenEveryDestinationIsDead_IsTriedMaxAttemptsTimes_Then502()
    {
        var dead = new DestinationConfig("dead", await TestBackend.StoppedAddressAsync());
        await using var gateway = await TestGateway.StartAsync(o => o.MaxAttempts = 3);
        gateway.Publish(Routes.To("app.test", "/", "orders", dead));

        using var response = await gateway.SendAsync("app.test", "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(3, gateway.Logs.Count(Unreachable, "dead"));
        Assert.Equal(2, gateway.Logs.Count(Retrying));
    }

    [Fact]
    public async Task UnhealthyDestination_IsTriedAgain_AfterReactivation()
    {
        var dead = new DestinationConfig("dead", await TestBackend.StoppedAddressAsync());
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.MaxAttempts = 1;
            // Long enough that a stalled machine cannot reactivate it before the assert below; the poll waits it out.
            o.PassiveHealthReactivation = TimeSpan.FromSeconds(2);
        });
        gateway.Publish(Routes.To("app.test", "/", "app", dead));

        (await gateway.SendAsync("app.test", "/")).Dispose();
        Assert.False(gateway.Table.IsHealthy("dead"));

        await Poll.UntilAsync(() => gateway.Table.IsHealthy("dead"), "the destination is reactivated", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Get_WhoseConnectionIsResetBeforeResponseHeaders_IsRetriedOnAnotherDestination()
    {
        await using var resetting = await TestBackend.StartAsync("resetting", context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        await using var healthy = await TestBackend.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", resetting, healthy));

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal("healthy /", await gateway.GetStringAsync("app.test", "/"));
        }

        Assert.True(resetting.Requests > 0, "the resetting destination was never tried");

        // A reset after connecting says nothing about whether the instance accepts connections.
        Assert.True(gateway.Table.IsHealthy("resetting"));
    }
}
