using System.Globalization;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Finds the TCP ports a process and everything it started listen on, from <c>/proc</c> (Linux only).</summary>
public static class ListeningPorts
{
    /// <summary>
    /// The ports, ascending and each once, on which <paramref name="rootPid"/>, its descendants or the members of the group it leads
    /// hold a listening socket; empty when there are none or the process is gone.
    /// </summary>
    public static IReadOnlyList<int> OfProcessTree(int rootPid)
    {
        var inodes = ProcFs.Tree(rootPid).SelectMany(SocketInodes).ToHashSet();
        return inodes.Count == 0
            ? []
            : [.. ProcNetTcp.Read(rootPid).Where(e => e.IsListening && inodes.Contains(e.Inode)).Select(e => e.LocalPort).Distinct().Order()];
    }

    /// <summary>The inodes of the sockets process <paramref name="pid"/> holds: its <c>/proc/PID/fd</c> links read <c>socket:[INODE]</c>.</summary>
    private static List<long> SocketInodes(int pid)
    {
        var inodes = new List<long>();
        try
        {
            foreach (var link in Directory.EnumerateFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd"))
            {
                if (SocketInode(link) is { } inode)
                {
                    inodes.Add(inode);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // It exited while we looked, or belongs to another user: it adds nothing more.
        }

        return inodes;
    }

    private static long? SocketInode(string link)
    {
        string? target;
        try
        {
            target = new FileInfo(link).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // closed while we looked
        }

        return target is not null
            && target.StartsWith("socket:[", StringComparison.Ordinal)
            && target.EndsWith(']')
            && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                ? inode
                : null;
    }
}
