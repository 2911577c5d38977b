namespace Gantry.Runtime.Instances;

/// <summary>How an instance ended: its exit code, or the signal that killed it.</summary>
public sealed record InstanceExit(int ExitCode, string? Signal, DateTimeOffset At)
{
    /// <summary>The kernel killed it for exceeding its memory limit.</summary>
    public bool OomKilled { get; init; }

    public override string ToString() =>
        OomKilled ? $"OOM-killed: it exceeded its memory limit (exit code {ExitCode})"
        : Signal is null ? $"exit code {ExitCode}"
        : $"killed by {Signal} (exit code {ExitCode})";
}
