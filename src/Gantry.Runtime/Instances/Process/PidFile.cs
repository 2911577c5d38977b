using System.Globalization;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// <c>{state}/{instance}.pid</c> holds "PID STARTTIME" of a running instance, so a restarted Gantry can find the process
/// groups it left behind; the start time tells a reused PID apart.
/// </summary>
internal static class PidFile
{
    public static void Write(string path, int pid, long startTime)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{pid} {startTime}\n"));
        File.Move(temporary, path, overwrite: true);
    }

    public static (int Pid, long StartTime)? TryRead(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? (pid, start)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Deletes the file unless it already names another process (the instance was started again meanwhile).</summary>
    public static void DeleteIfOwned(string path, int pid)
    {
        if (TryRead(path) is { } recorded && recorded.Pid != pid)
        {
            return;
        }

        TryDelete(path);
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Gone already, or the disk is read-only: the reaper checks start times, so a stale file is harmless.
        }
    }
}
