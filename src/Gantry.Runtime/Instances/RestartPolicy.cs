namespace Gantry.Runtime.Instances;

/// <summary>Exponential backoff between restarts of a crashing instance.</summary>
/// <param name="InitialDelay">The wait before the first restart; each further crash doubles it.</param>
/// <param name="MaxDelay">The longest wait between restarts.</param>
/// <param name="StableAfter">Running this long without a crash resets the backoff to <c>InitialDelay</c>.</param>
public sealed record RestartPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan StableAfter)
{
    public static RestartPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
}
