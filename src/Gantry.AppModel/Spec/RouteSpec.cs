namespace Gantry.AppModel.Spec;

/// <summary>Traffic for <c>Host</c> under path prefix <c>Path</c> goes to the workload's service port <c>Port</c>.</summary>
/// <param name="TargetPort">The container port behind <c>Port</c>.</param>
public sealed record RouteSpec(string Host, string Path, int Port, int TargetPort);
