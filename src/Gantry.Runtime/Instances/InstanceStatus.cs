using System.Collections.Immutable;

namespace Gantry.Runtime.Instances;

/// <summary>An immutable picture of one supervised instance, published on every change.</summary>
/// <param name="InstanceId">As in <see cref="InstanceSpec.InstanceId"/>.</param>
/// <param name="App">The app.</param>
/// <param name="Workload">The workload.</param>
/// <param name="Release">The release it runs.</param>
/// <param name="Phase">Where it is in its life.</param>
/// <param name="Ready">Running and passing its readiness check: only then does it get traffic.</param>
/// <param name="HostPorts">Container port → port on 127.0.0.1 of the current run; empty while not running.</param>
/// <param name="ProcessId">The current run's process id, when running.</param>
/// <param name="Restarts">How often it was restarted after exiting or failing its liveness check.</param>
/// <param name="LastExit">How the previous run ended, kept to explain a crash.</param>
/// <param name="LastProbe">The last readiness result in words, for example <c>GET /healthz: 503</c> or <c>connect: connection refused</c>.</param>
/// <param name="ReadinessHint">
/// What the runtime found out about a failing readiness check, for example that the app listens on another port than the one
/// it was given; null when it found nothing or has not looked (it looks only while the check fails).
/// </param>
/// <param name="StartedAt">When the current run started.</param>
/// <param name="NextRestartAt">In <see cref="InstancePhase.CrashLoopBackOff"/>: when the next start is due.</param>
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
    string? ReadinessHint,
    DateTimeOffset? StartedAt,
    DateTimeOffset? NextRestartAt,
    ImmutableArray<string> LastLogLines);
