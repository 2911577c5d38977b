using Gantry.AppModel.Spec.Policies;

namespace Gantry.AppModel.Spec;

/// <summary>Traffic for <c>Host</c> under path prefix <c>Path</c> goes to the workload's service port <c>Port</c>.</summary>
/// <param name="TargetPort">The container port behind <c>Port</c>.</param>
public sealed record RouteSpec(string Host, string Path, int Port, int TargetPort)
{
    /// <summary>The Score route resource this route comes from; <c>gantry.yaml</c> names it to attach a policy.</summary>
    public string Name { get; init; } = "";

    /// <summary>What the gateway enforces on this route; null: nothing beyond routing.</summary>
    public RoutePolicySpec? Policy { get; init; }
}
