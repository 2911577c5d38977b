using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Routing;

public sealed class SnapshotSwapTests
{
    [Fact]
    public async Task PublishingSnapshots_UnderASteadyRequestStream_LosesNoRequest()
    {
        await using var blue = await TestBackend.StartAsync("blue");
        await using var green = await TestBackend.StartAsync("green");
        await using var gateway = await TestGateway.StartAsync();
        var layouts = new[]
        {
            Routes.To("app.test", "/", "app", blue),
            Routes.To("app.test", "/", "app", green),
            Routes.To("app.test", "/", "app", blue, green),
        };
        gateway.Publish(layouts[2]);

        // Runs until enough publishes and requests interleaved (a slow machine takes longer), bounded by a deadline.
        const int WantedPublishes = 150;
        const int WantedRequests = 300;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var failures = new List<string>();
        var succeeded = 0;
        var clients = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await gateway.SendAsync("app.test", "/ping");
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode && body is "blue /ping" or "green /ping")
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode}: {body}");
                    }
                }
            }
        }).ToList();

        var publishes = 0;
        var publisher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                gateway.Publish(layouts[publishes++ % layouts.Length]);
                if (publishes >= WantedPublishes && Volatile.Read(ref succeeded) >= WantedRequests)
                {
                    await stop.CancelAsync();
                }

                await Task.Delay(2);
            }
        });

        await Task.WhenAll([.. clients, publisher]);

        Assert.Empty(failures);
        Assert.True(publishes >= WantedPublishes, $"only {publishes} publishes");
        Assert.True(succeeded >= WantedRequests, $"only {succeeded} requests");
        Assert.True(blue.Requests > 0 && green.Requests > 0);
        Assert.Equal(publishes + 1, gateway.Table.Current.Generation);
        Assert.Equal(0, gateway.Table.GetInFlight("blue") + gateway.Table.GetInFlight("green"));
    }

    [Fact]
    public async Task DestinationThatStaysAcrossSnapshots_KeepsItsInFlightCount()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var held = await TestBackend.StartAsync("held", async context =>
        {
            await release.Task;
            await context.Response.WriteAsync("done");
        });
        await using var other = await TestBackend.StartAsync("other");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", held));

        var pending = gateway.GetStringAsync("app.test", "/");
        await Poll.UntilAsync(() => gateway.Table.GetInFlight("held") == 1, "the request is in flight");

        gateway.Publish(Routes.To("app.test", "/", "app", held, other), Routes.To("more.test", "/", "more", other));
        Assert.Equal(1, gateway.Table.GetInFlight("held"));

        release.SetResult();
        Assert.Equal("done", await pending);
        await Poll.UntilAsync(() => gateway.Table.GetInFlight("held") == 0, "the count drops back");
    }
}
