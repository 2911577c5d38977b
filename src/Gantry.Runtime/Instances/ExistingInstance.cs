namespace Gantry.Runtime.Instances;

/// <summary>An instance an earlier Gantry started that still exists (containers and instance processes outlive Gantry), found by its labels or record.</summary>
/// <param name="EngineId">The engine's id for it: a container id, or a process id.</param>
/// <param name="Running">False when it exists but has exited.</param>
public sealed record ExistingInstance(string InstanceId, string App, string Workload, int Release, string EngineId, bool Running);
