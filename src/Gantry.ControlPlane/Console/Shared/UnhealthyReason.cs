namespace Gantry.ControlPlane.Console.Shared;

/// <summary>One thing wrong with an app: what, the evidence, and the last lines its instance wrote.</summary>
public sealed record UnhealthyReason(string Title, string Detail, IReadOnlyList<string> LastLogLines);
