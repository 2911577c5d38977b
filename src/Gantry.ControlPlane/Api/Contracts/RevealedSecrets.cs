using Gantry.ControlPlane.Secrets;

namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>The answer to an explicit reveal: a release's secret values (the reveal is recorded as an event).</summary>
public sealed record RevealedSecrets(string App, int Release, IReadOnlyList<RevealedSecret> Secrets);
