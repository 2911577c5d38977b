using System.Diagnostics;

namespace Gantry.Runtime.Tests.TestSupport;

/// <summary>Waits for a condition by polling it until a deadline: tests never sleep to synchronise.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out after {watch.Elapsed.TotalSeconds:0.0}s waiting until {what}");
            }

            await Task.Delay(20);
        }
    }

    public static async Task<T> WithinAsync<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out waiting until {what}");
        }
    }
}
