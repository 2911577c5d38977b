using Gantry.Gateway.Routing;

namespace Gantry.Gateway.Tests.Routing;

public sealed class DestinationStateTests
{
    [Fact]
    public async Task DrainWaiters_StartedWhileRequestsComeAndGo_AllCompleteOnceTheLastRequestLeaves()
    {
        var state = new DestinationState("d");
        var waiters = new List<Task>();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                state.Enter();
                state.Exit();
            }
        })).ToArray();

        // Waiters race the workers' increments and decrements; none may miss the moment the count reaches zero.
        while (!workers.All(w => w.IsCompleted))
        {
            waiters.Add(state.WhenDrainedAsync());
            await Task.Yield();
        }

        await Task.WhenAll(workers);
        Assert.Equal(0, state.InFlight);
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task DrainWaiter_WhileARequestIsInFlight_CompletesWhenItLeaves()
    {
        var state = new DestinationState("d");
        state.Enter();

        var drained = state.WhenDrainedAsync();
        Assert.False(drained.IsCompleted);

        state.Exit();
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
