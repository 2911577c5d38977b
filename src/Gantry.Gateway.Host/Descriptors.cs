using System.Runtime.InteropServices;

namespace Gantry.Gateway.Host;

/// <summary>
/// The close-on-exec flag of a file descriptor. .NET opens every socket with it, so no program it starts inherits
/// one; a restart clears it on exactly the listening sockets it hands to its successor.
/// </summary>
internal static partial class Descriptors
{
    private const int GetFlags = 1; // F_GETFD
    private const int SetFlags = 2; // F_SETFD
    private const int CloseOnExecFlag = 1; // FD_CLOEXEC

    public static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        var flags = Fcntl(fd, GetFlags, 0);
        if (flags < 0 || Fcntl(fd, SetFlags, closeOnExec ? flags | CloseOnExecFlag : flags & ~CloseOnExecFlag) < 0)
        {
            throw new IOException($"file descriptor {fd}: fcntl failed with errno {Marshal.GetLastPInvokeError()} (9: not open)");
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
