using System.Globalization;

namespace Gantry.Runtime.Tests.TestSupport;

/// <summary>Looks at processes through /proc, the way an operator would check for leftovers.</summary>
internal static class Processes
{
    /// <summary>True while the process exists and is not a zombie (a zombie is dead; it only waits for its parent to reap it).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
