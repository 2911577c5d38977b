namespace Gantry.Runtime.Instances;

/// <summary>How an instance ended: its exit code, or the signal that killed it.</summary>
public sealed record InstanceExit(int ExitCode, string? Signal, DateTimeOffset At)
{
    public override string ToString() => Signal is null ? $"exit code {ExitCode}" : $"killed by {Signal} (exit code {ExitCode})";
}
