namespace Gantry.Gateway.Config;

/// <summary>
/// Per workload: the circuit opens after <c>ConsecutiveFailures</c> failures in a row, or when at least
/// <c>MinimumRequests</c> in <c>Window</c> failed at <c>FailureRatio</c> or more; after <c>BreakFor</c> one probe may pass.
/// A failure is a 5xx answer, a timeout or an unreachable instance.
/// </summary>
public sealed record CircuitBreakerConfig(int? ConsecutiveFailures, double? FailureRatio, int MinimumRequests, TimeSpan Window, TimeSpan BreakFor);
