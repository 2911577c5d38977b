using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Targets;

/// <summary>A promotion under way: the release it made in the target environment (a local release when <c>Record</c> is null).</summary>
public sealed record PromotionStarted(string App, string Environment, int Release, EnvironmentReleaseRecord? Record);
