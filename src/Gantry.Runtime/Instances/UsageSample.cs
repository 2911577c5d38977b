namespace Gantry.Runtime.Instances;

/// <summary>An instance's CPU time so far and memory now, read at <paramref name="At"/>; two samples give a CPU rate.</summary>
public sealed record UsageSample(TimeSpan CpuTime, long MemoryBytes, DateTimeOffset At);
