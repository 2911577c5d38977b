namespace Gantry.Provisioners.Services;

/// <summary>A snapshot of a platform server: its state, process, restarts, last exit and readiness.</summary>
/// <param name="Pid">The server's process; null when none runs.</param>
/// <param name="Restarts">How many times this host started it again after it exited.</param>
/// <param name="LastExit">How it last ended; null when it never did under this host.</param>
/// <param name="Ready">Its last readiness check passed.</param>
/// <param name="Since">When it entered <paramref name="State"/>.</param>
/// <param name="Error">Why the last start or restart failed, or why it is not ready; null when nothing is wrong.</param>
/// <param name="Adopted">The process was left running by an earlier Gantry and adopted, not started by this one.</param>
public sealed record ServiceStatus(
    string Name,
    ServiceState State,
    int? Pid,
    int Restarts,
    ServiceExit? LastExit,
    bool Ready,
    DateTimeOffset Since,
    string? Error,
    bool Adopted);
