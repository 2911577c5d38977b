using System.Runtime.InteropServices;

namespace Gantry.Provisioners.Unix;

/// <summary>A user account (from <c>getpwnam(3)</c>, so NSS sources count too): what a service or a step runs as.</summary>
public sealed partial record UnixUser(string Name, uint Uid, uint Gid, string Home)
{
    // getpwnam returns a pointer into a static buffer: one caller at a time.
    private static readonly Lock Gate = new();

    /// <summary>True when Gantry runs as root, the only case in which it can run something as another user.</summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>The effective user id of this process, which owns what it starts when it does not switch users.</summary>
    public static uint CurrentUid => GetEffectiveUid();

    /// <summary>The account named <paramref name="name"/>, or null when there is none.</summary>
    public static UnixUser? Find(string name)
    {
        lock (Gate)
        {
            var entry = GetPasswordEntry(name);
            if (entry == IntPtr.Zero)
            {
                return null;
            }

            var passwd = Marshal.PtrToStructure<Passwd>(entry);
            return new UnixUser(name, passwd.Uid, passwd.Gid, Marshal.PtrToStringUTF8(passwd.Dir) is { Length: > 0 } home ? home : "/");
        }
    }

    /// <summary>Gives <paramref name="path"/> to this user; never follows a symbolic link, so a link planted there changes nothing else.</summary>
    public void Own(string path)
    {
        if (ChangeLinkOwner(path, Uid, Gid) != 0)
        {
            throw new IOException($"could not give {path} to user {Name}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint Uid;
        public uint Gid;
        public IntPtr Gecos;
        public IntPtr Dir;
        public IntPtr Shell;
    }

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetPasswordEntry(string name);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ChangeLinkOwner(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUid();
}
