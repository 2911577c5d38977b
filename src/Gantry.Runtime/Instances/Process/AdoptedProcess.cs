namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// Waits out a process taken over from an earlier Gantry: not this one's child, so there is no exit status to wait for,
/// and gone from /proc is all that tells it ended.
/// </summary>
internal static class AdoptedProcess
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Completes once process <paramref name="pid"/> with <paramref name="startTime"/> no longer runs (a reused PID is another process).</summary>
    public static async Task WaitForExitAsync(int pid, long startTime, CancellationToken cancellationToken)
    {
        while (ProcFs.IsAlive(pid, startTime))
        {
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
