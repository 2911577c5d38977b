namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>An app at a glance: which release serves, whether it is healthy, where it is reachable.</summary>
/// <param name="Health">healthy, progressing, degraded, failed or stopped.</param>
public sealed record AppSummary(
    string Name,
    int? CurrentRelease,
    int? DesiredRelease,
    string Health,
    int ReadyInstances,
    int DesiredInstances,
    IReadOnlyList<string> Urls,
    DateTimeOffset UpdatedAt);
