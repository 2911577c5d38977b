namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>One audit entry: who changed what, from where, when, and how it ended; with its place in the hash chain.</summary>
/// <param name="Summary">The route's values and the request's fields as JSON, secret values left out.</param>
/// <param name="Outcome"><c>applied</c> (written with the change), or <c>done (204)</c>, <c>refused (400)</c>, <c>failed (500)</c>.</param>
public sealed record AuditEntryInfo(
    long Sequence, DateTimeOffset Time, string Actor, string Address, string Client, string Action, string? App, string Summary, string Outcome,
    string PreviousHash, string Hash);

/// <summary>Whether every entry follows from the one before; the first that does not, and why.</summary>
/// <param name="Head">The newest entry's hash: kept elsewhere, it shows later that nothing before it was rewritten.</param>
public sealed record AuditVerification(bool Valid, int Entries, long? First, long? Last, string? Head, long? BrokenAt, string? Reason);
