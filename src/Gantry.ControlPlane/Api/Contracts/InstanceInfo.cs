namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>One instance as users see it, including what explains a crash or a failing readiness check.</summary>
public sealed record InstanceInfo(
    string Id,
    string Workload,
    int Release,
    string Phase,
    bool Ready,
    int? Pid,
    IReadOnlyDictionary<string, int> Ports,
    int Restarts,
    ExitInfo? LastExit,
    string? LastProbe,
    DateTimeOffset? StartedAt,
    DateTimeOffset? NextRestartAt,
    IReadOnlyList<string> LastLogLines);

/// <summary>How an instance last ended.</summary>
public sealed record ExitInfo(int? Code, string? Signal, bool OomKilled, DateTimeOffset At, string Description);
