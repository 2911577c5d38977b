using System.Globalization;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// <c>{state}/{instance}.pid</c>, "PID STARTTIME" of a running instance, as Gantry versions before adoption recorded
/// them (now <see cref="InstanceRecord"/>): read once, so the groups they name are reaped; the start time tells a
/// reused PID apart.
/// </summary>
internal static class PidFile
{
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
