namespace Gantry.Runtime.Instances;

/// <summary>What an instance uses: CPU as a percentage of one core (null until two samples exist) and memory in bytes.</summary>
public sealed record ResourceUsage(double? CpuPercent, long MemoryBytes);
