using System.ComponentModel;
using System.Diagnostics;
using Gantry.Provisioners.Steps;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Provisioners.Services;

/// <summary>
/// A running server, known by its PID and start time (so a reused PID is never taken for it): either started by this
/// Gantry (its child, whose exit code it gets) or adopted from an earlier one (watched through /proc). It leads its
/// own session and process group, so the group id is its PID.
/// </summary>
internal sealed class ServiceProcess
{
    private readonly Process? _child;

    private ServiceProcess(int pid, long startTime, Process? child)
    {
        Pid = pid;
        StartTime = startTime;
        _child = child;
        StartedAt = DateTimeOffset.UtcNow;
    }

    public int Pid { get; }

    /// <summary>Clock ticks since boot (field 22 of /proc/PID/stat); 0 when it was gone before it could be read.</summary>
    public long StartTime { get; }

    public DateTimeOffset StartedAt { get; }

    public bool Adopted => _child is null;

    public bool IsAlive => ProcFs.IsAlive(Pid, StartTime);

    public static ServiceProcess Start(ChildLaunch launch)
    {
        Process child;
        try
        {
            // Not redirected: the shell points the server's output at its log, so nothing ties it to Gantry's pipes.
            child = Process.Start(launch.ToStartInfo()) ?? throw new StepFailedException("could not start the server");
        }
        catch (Win32Exception e)
        {
            throw new StepFailedException($"could not start the server: {e.Message}", e);
        }

        return new ServiceProcess(child.Id, ProcFs.StartTime(child.Id) ?? 0, child);
    }

    public static ServiceProcess Adopt(int pid, long startTime) => new(pid, startTime, null);

    /// <summary>Completes when the server has exited; for an adopted one, when /proc no longer shows it.</summary>
    public async Task<ServiceExit> WaitForExitAsync(CancellationToken cancellationToken)
    {
        if (_child is not null)
        {
            await _child.WaitForExitAsync(cancellationToken);
            var code = _child.ExitCode;
            return new ServiceExit(code, Signals.NameFromExitCode(code), DateTimeOffset.UtcNow);
        }

        await AdoptedProcess.WaitForExitAsync(Pid, StartTime, cancellationToken);

        return new ServiceExit(null, null, DateTimeOffset.UtcNow);
    }

    /// <summary>Sends <paramref name="signal"/> to the server itself (not its workers: the server stops them its own way).</summary>
    public void Signal(int signal)
    {
        if (IsAlive)
        {
            Signals.KillProcess(Pid, signal);
        }
    }

    /// <summary>
    /// Kills what is left of its process group and waits until it is gone. After a <c>kill -9</c> of PostgreSQL's
    /// postmaster its backends live on for a moment, holding the shared memory a new server would refuse to share.
    /// </summary>
    public async Task KillGroupAsync(TimeSpan wait)
    {
        if (ProcFs.StartTime(Pid) is { } now && now != StartTime)
        {
            // The PID is another process's now; the kernel reuses no PID while a group of that id lives, so ours is gone.
            return;
        }

        Signals.KillGroup(Pid, Signals.SigKill);
        await WaitUntilAsync(() => ProcFs.GroupMembers(Pid).Count == 0, wait, CancellationToken.None);
    }

    /// <summary>True once the server is gone, false when <paramref name="wait"/> passed first.</summary>
    public Task<bool> WaitGoneAsync(TimeSpan wait, CancellationToken cancellationToken) => WaitUntilAsync(() => !IsAlive, wait, cancellationToken);

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }
}
