using System.Globalization;

namespace Gantry.Provisioners.Tests.Services;

/// <summary>What /proc says about a process, read independently of the code under test.</summary>
internal static class ProcFacts
{
    public static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] is not ("Z" or "X");

    /// <summary>Field 22: start time in clock ticks since boot.</summary>
    public static long StartTime(int pid) => long.Parse(Stat(pid)![19], CultureInfo.InvariantCulture);

    /// <summary>Field 6: the session the process belongs to.</summary>
    public static int Session(int pid) => int.Parse(Stat(pid)![3], CultureInfo.InvariantCulture);

    public static int Uid(int pid) =>
        int.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>Processes whose command line names <paramref name="text"/> and whose parent does not (the postmasters, not their workers).</summary>
    public static IReadOnlyList<int> Leaders(string text)
    {
        var matching = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && IsAlive(pid) && CommandLine(pid).Contains(text, StringComparison.Ordinal))
            {
                matching[pid] = int.Parse(Stat(pid)![1], CultureInfo.InvariantCulture);
            }
        }

        return [.. matching.Where(m => !matching.ContainsKey(m.Value)).Select(m => m.Key)];
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
