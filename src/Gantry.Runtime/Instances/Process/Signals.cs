using System.Runtime.InteropServices;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Signals to whole process groups through libc <c>kill(2)</c>; .NET only signals single processes.</summary>
public static partial class Signals
{
    public const int SigKill = 9;
    public const int SigUsr2 = 12;
    public const int SigTerm = 15;

    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
        "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="pgid"/>; false when the group is gone.</summary>
    public static bool KillGroup(int pgid, int signal) => pgid > 1 && Kill(-pgid, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to one process; false when it is gone.</summary>
    public static bool KillProcess(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>True while any process of group <paramref name="pgid"/> exists (signal 0 only checks).</summary>
    public static bool GroupExists(int pgid) => pgid > 1 && Kill(-pgid, 0) == 0;

    /// <summary>
    /// .NET reports a process killed by signal N as exit code 128 + N, like shells do; so does a process that exits with
    /// that code itself, and the two cannot be told apart here: name the signal either way.
    /// </summary>
    public static string? NameFromExitCode(int exitCode) =>
        exitCode > 128 && exitCode - 128 < Names.Length ? Names[exitCode - 128] : null;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
