namespace Gantry.ControlPlane.Orchestration;

/// <summary>What the rollout planner needs to know of one instance.</summary>
public sealed record InstanceView(string Id, int Release, bool Ready, DateTimeOffset CreatedAt);
