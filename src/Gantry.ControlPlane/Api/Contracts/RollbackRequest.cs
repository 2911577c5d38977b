namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>Roll back to release <c>To</c>, or by default to the last successful release before the current one.</summary>
public sealed record RollbackRequest(int? To);
