using System.Globalization;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Reads <c>/proc/PID/stat</c>: a process's start time (to tell a reused PID apart), state, parent and process group.</summary>
internal static class ProcFs
{
    /// <summary>Start time in clock ticks since boot, or null when no such process is alive (a zombie counts as gone).</summary>
    public static long? StartTime(int pid)
    {
        var fields = StatFields(pid);
        return fields is null || fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    /// <summary>Whether the process started at <paramref name="startTime"/> still runs; a start time of 0 (gone before it could be read) never does.</summary>
    public static bool IsAlive(int pid, long startTime) => startTime != 0 && StartTime(pid) == startTime;

    /// <summary>CPU time (user + system) and resident memory of a process, or null when it is gone.</summary>
    public static (TimeSpan Cpu, long RssBytes)? Usage(int pid)
    {
        var fields = StatFields(pid);
        if (fields is null || fields[0] is "Z" or "X")
        {
            return null;
        }

        // Fields 14 and 15 (utime, stime) in clock ticks (100 per second on Linux), field 24 (rss) in pages.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var pages = long.Parse(fields[21], CultureInfo.InvariantCulture);
        return (TimeSpan.FromMilliseconds(ticks * 10), pages * Environment.SystemPageSize);
    }

    /// <summary>PIDs of live processes in process group <paramref name="pgid"/>.</summary>
    public static IReadOnlyList<int> GroupMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { } fields
                && fields[0] is not ("Z" or "X")
                && fields[2] == pgid.ToString(CultureInfo.InvariantCulture))
            {
                members.Add(pid);
            }
        }

        return members;
    }

    /// <summary>
    /// Live PIDs of process <paramref name="root"/>, its descendants (<c>sh -c</c> → app) and the members of the group it
    /// leads, which keep the group after their parent exits (a daemonizing start script).
    /// </summary>
    public static IReadOnlyList<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        var tree = new HashSet<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || StatFields(pid) is not { } fields
                || fields[0] is "Z" or "X")
            {
                continue;
            }

            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            (children.TryGetValue(parent, out var siblings) ? siblings : children[parent] = []).Add(pid);
            if (pid == root || fields[2] == root.ToString(CultureInfo.InvariantCulture))
            {
                tree.Add(pid);
            }
        }

        var pending = new Queue<int>(tree);
        while (pending.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                if (tree.Add(child))
                {
                    pending.Enqueue(child);
                }
            }
        }

        return [.. tree.Order()];
    }

    /// <summary>The fields after the command name, which may itself hold spaces and parentheses: index 0 is field 3 (state).</summary>
    private static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var end = stat.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 ? fields : null;
    }
}
