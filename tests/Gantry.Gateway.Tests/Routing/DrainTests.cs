using Gantry.Gateway.Tests.Infrastructure;

namespace Gantry.Gateway.Tests.Routing;

public sealed class DrainTests
{
    [Fact]
    public async Task WaitForDrain_OnARemovedDestination_StaysPendingUntilItsSlowRequestCompletes_AndTheResponseArrivesInFull()
    {
        var firstHalf = new string('a', 32 * 1024);
        var secondHalf = new string('b', 32 * 1024);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var old = await TestBackend.StartAsync("old", async context =>
        {
            await context.Response.WriteAsync(firstHalf);
            await context.Response.Body.FlushAsync();
            started.SetResult();
            await release.Task;
            await context.Response.WriteAsync(secondHalf);
        });
        await using var replacement = await TestBackend.StartAsync("new");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", old));

        var slowRequest = gateway.GetStringAsync("app.test", "/download");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, gateway.Table.GetInFlight("old"));

        // What the orchestrator does: route to the replacement, wait for the old instance to drain, then stop it.
        gateway.Publish(Routes.To("app.test", "/", "app", replacement));
        Assert.Equal("new /next", await gateway.GetStringAsync("app.test", "/next"));

        Assert.False(await gateway.Table.WaitForDrainAsync("old", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        var drain = gateway.Table.WaitForDrainAsync("old", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(drain.IsCompleted);
        Assert.Equal(1, gateway.Table.GetInFlight("old"));

        release.SetResult();

        Assert.Equal(firstHalf + secondHalf, await slowRequest);
        Assert.True(await drain);
        Assert.Equal(0, gateway.Table.GetInFlight("old"));
        Assert.Equal(1, old.Requests);
    }

    [Fact]
    public async Task WaitForDrain_WithNothingInFlight_CompletesAtOnce()
    {
        await using var backend = await TestBackend.StartAsync("idle");
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", backend));
        await gateway.GetStringAsync("app.test", "/");
        gateway.Publish();

        Assert.True(await gateway.Table.WaitForDrainAsync("idle", TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.True(await gateway.Table.WaitForDrainAsync("never-published", TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WaitForDrain_IsCancelledByItsToken()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var held = await TestBackend.StartAsync("held", async context => await release.Task);
        await using var gateway = await TestGateway.StartAsync();
        gateway.Publish(Routes.To("app.test", "/", "app", held));
        var pending = gateway.SendAsync("app.test", "/");
        await Poll.UntilAsync(() => gateway.Table.GetInFlight("held") == 1, "the request is in flight");
        using var cancel = new CancellationTokenSource();

        var drain = gateway.Table.WaitForDrainAsync("held", Timeout.InfiniteTimeSpan, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
        release.SetResult();
        (await pending).Dispose();
    }
}
