using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Balancing;

public sealed class LoadBalancingTests
{
    [Fact]
    public async Task Requests_AreSpreadAcrossAllDestinations()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        await using var c = await TestBackend.StartAsync("c");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", a, b, c));

        await RunClientsAsync(gateway, clients: 10, requestsPerClient: 30);

        Assert.Equal(300, a.Requests + b.Requests + c.Requests);

        // An even split is 100 each; 50 is more than five standard deviations below that.
        Assert.All(new[] { a, b, c }, backend => Assert.True(backend.Requests >= 50, $"{backend.Name} got {backend.Requests} of 300"));
    }

    [Fact]
    public async Task SlowDestination_GetsFewerRequests_AndNeverHoldsEveryClient()
    {
        await using var fast = await TestBackend.StartAsync("fast");
        await using var slow = await TestBackend.StartAsync("slow", async context =>
        {
            // The backend's own work, not test synchronization: this instance is simply slow.
            await Task.Delay(100, context.RequestAborted);
            await context.Response.WriteAsync("slow");
        });
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", fast, slow));

        // A number of requests, not a time window: on a starved machine one second held only 15 requests, too few
        // to tell the two apart.
        const int clients = 8;
        const int total = 300;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (slow.Requests + fast.Requests < total && !deadline.IsCancellationRequested)
            {
                await gateway.GetStringAsync("app.test", "/");
            }
        }));
        Assert.True(slow.Requests + fast.Requests >= total, $"only {slow.Requests + fast.Requests} requests in 60 s");

        // A blind pick would park nearly every client on the slow one and split requests about evenly;
        // picking the less loaded of two keeps most requests, and some clients, on the fast one.
        var counts = $"slow {slow.Requests} (peak {slow.PeakConcurrent}), fast {fast.Requests} (peak {fast.PeakConcurrent})";
        Assert.True(slow.Requests * 4 < fast.Requests, counts);
        Assert.True(slow.PeakConcurrent < clients, counts);
    }

    private static async Task RunClientsAsync(TestGateway gateway, int clients, int requestsPerClient)
    {
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = 0; i < requestsPerClient; i++)
            {
                await gateway.GetStringAsync("app.test", "/");
            }
        });
        await Task.WhenAll(workers);
    }
}
