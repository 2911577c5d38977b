namespace Gantry.ControlPlane.Store;

/// <summary>Something that happened to an app (a deploy step, a failure, a restart, a scale change), kept as history and audit.</summary>
public sealed class EventRecord
{
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public required string App { get; set; }

    public int? Release { get; set; }

    /// <summary>A dotted kind, for example <c>release.failed</c>.</summary>
    public required string Kind { get; set; }

    public required string Message { get; set; }

    /// <summary>Who caused it: a user or token name, or <c>gantry</c> for the platform itself.</summary>
    public required string Actor { get; set; }
}
