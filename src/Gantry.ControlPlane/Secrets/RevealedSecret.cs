namespace Gantry.ControlPlane.Secrets;

/// <summary>One secret value of a release, shown only on an explicit reveal (which is recorded as an event).</summary>
public sealed record RevealedSecret(string Workload, string Container, string Name, string Value);
