using System.Collections.Immutable;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>The next step toward a workload's desired state: instances to start, instances to take out of traffic and stop.</summary>
/// <param name="Converged">Nothing left to do: exactly the desired number of instances of the target release, all ready.</param>
public sealed record RolloutPlan(int StartNew, ImmutableArray<string> Remove, bool Converged);
