using System.Collections.Immutable;

namespace Gantry.Runtime.Instances;

/// <summary>An immutable picture of one supervised instance, published on every change.</summary>
/// <param name="Ready">Running and passing its readiness check: only then does it get traffic.</param>
/// <param name="LastProbe">The last readiness result in words, for example <c>GET /healthz: 503</c> or <c>connect: connection refused</c>.</param>
/// <param name="LastLogLines">The instance's last output lines, kept to explain a crash.</param>
public sealed record InstanceStatus(
    string InstanceId,
    string App,
    string Workload,
    int Release,
    InstancePhase Phase,
    bool Ready,
    ImmutableDictionary<int, int> HostPorts,
    int? ProcessId,
    int Restarts,
    InstanceExit? LastExit,
    string? LastProbe,
    DateTimeOffset? StartedAt,
    DateTimeOffset? NextRestartAt,
    ImmutableArray<string> LastLogLines);
