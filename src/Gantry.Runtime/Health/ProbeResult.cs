namespace Gantry.Runtime.Health;

/// <summary>The outcome of one probe attempt, with what happened in words (<c>GET /healthz → 503</c>).</summary>
public sealed record ProbeResult(bool Success, string Description);
