namespace Gantry.Runtime.Instances;

/// <summary>
/// How an instance ended: its exit code, or the signal that killed it; neither for a process adopted from a killed
/// Gantry (not this Gantry's child, so the kernel reports its exit to someone else).
/// </summary>
public sealed record InstanceExit(int? ExitCode, string? Signal, DateTimeOffset At)
{
    /// <summary>The kernel killed it for exceeding its memory limit.</summary>
    public bool OomKilled { get; init; }

    /// <summary>Its supervisor stopped it after its liveness probe failed: it ran, but no longer answered as healthy.</summary>
    public bool FailedLiveness { get; init; }

    public override string ToString() =>
        OomKilled ? $"OOM-killed: it exceeded its memory limit (exit code {ExitCode})"
        : ExitCode is null ? "exited (exit code unknown: it was adopted from an earlier Gantry)"
        : Signal is null ? $"exit code {ExitCode}"
        : $"killed by {Signal} (exit code {ExitCode})";

    /// <summary>The same in a sentence after the instance's name: "exited with exit code 1".</summary>
    public string Describe() =>
        ExitCode is null ? "exited (exit code unknown: it was adopted from an earlier Gantry)"
        : Signal is null ? $"exited with exit code {ExitCode}"
        : $"was killed by {Signal} (exit code {ExitCode})";
}
