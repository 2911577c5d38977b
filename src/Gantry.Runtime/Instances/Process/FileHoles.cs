using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Frees the disk blocks of a file's start without moving what follows (<c>fallocate(2)</c> punching a hole).</summary>
internal static partial class FileHoles
{
    private const int KeepSize = 0x01;
    private const int PunchHole = 0x02;

    /// <summary>False where the file system cannot (the file then keeps its blocks, as any log would).</summary>
    public static bool Punch(SafeFileHandle file, long length)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return Fallocate((int)file.DangerousGetHandle(), PunchHole | KeepSize, 0, length) == 0;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(int fd, int mode, long offset, long length);
}
