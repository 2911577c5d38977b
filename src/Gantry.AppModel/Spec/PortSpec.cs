namespace Gantry.AppModel.Spec;

/// <summary>A named service port: <c>Port</c> is what routes name, <c>TargetPort</c> is what the container listens on.</summary>
public sealed record PortSpec(string Name, int Port, int TargetPort, string Protocol);
