namespace Gantry.Runtime.Logs;

/// <summary>Which lines to read: an app, optionally one workload, optionally only lines since a time, at most <c>Limit</c> lines (the newest).</summary>
public sealed record LogQuery(string App, string? Workload, DateTimeOffset? Since, int Limit = 1000)
{
    /// <summary>Only this instance's lines (its current and rotated files); null: every instance's.</summary>
    public string? InstanceId { get; init; }
}
