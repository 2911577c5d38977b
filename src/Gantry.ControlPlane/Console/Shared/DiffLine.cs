namespace Gantry.ControlPlane.Console.Shared;

/// <summary>One line of a release diff.</summary>
public sealed record DiffLine(DiffKind Kind, string Text);
