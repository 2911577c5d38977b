namespace Gantry.Runtime.Logs;

/// <summary>One line an instance wrote, or Gantry wrote about it (<c>Stream</c> = <c>gantry</c>).</summary>
public sealed record LogLine(DateTimeOffset Time, string App, string Workload, string InstanceId, string Stream, string Text);
