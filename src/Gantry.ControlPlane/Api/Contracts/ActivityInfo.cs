namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>What a release's preparation is doing right now, for a progress bar: for example pulling an image.</summary>
/// <param name="Fraction">0 to 1 when the amount of work is known.</param>
public sealed record ActivityInfo(string Text, double? Fraction);
