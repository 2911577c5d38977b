namespace Gantry.ControlPlane.DataPlane.Supervision;

/// <summary>
/// What <c>/proc</c> says of a pid: whether it is a live gantry-gateway keeping a given state folder (not a zombie,
/// not a pid the system gave to another program since), and the arguments it runs with.
/// </summary>
public static class GatewayProcessInfo
{
    public const string ExecutableName = "gantry-gateway";

    /// <summary>True when <paramref name="pid"/> is a running gantry-gateway with <c>--state <paramref name="stateDirectory"/></c>.</summary>
    public static bool IsGateway(int pid, string stateDirectory)
    {
        if (pid <= 1 || !IsAlive(pid) || CommandLine(pid) is not { Count: > 0 } command)
        {
            return false;
        }

        var program = command.Take(2).Any(a => Path.GetFileName(a) is ExecutableName or ExecutableName + ".dll");
        var state = command.IndexOf("--state") is var i and >= 0 && i + 1 < command.Count
            && Path.GetFullPath(command[i + 1]) == Path.GetFullPath(stateDirectory);
        return program && state;
    }

    /// <summary>The gateway's own arguments (after the program), without the descriptors a restart handed it.</summary>
    public static IReadOnlyList<string> ArgumentsOf(int pid)
    {
        var command = CommandLine(pid) ?? [];
        var start = command.FindIndex(a => Path.GetFileName(a) is ExecutableName or ExecutableName + ".dll") + 1;
        return Gateway.Config.GatewayCommandLine.WithoutInheritedDescriptors(command.Skip(start).ToList());
    }

    /// <summary>Alive and not a zombie (a dead child its parent has not waited for yet still has a /proc entry).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // "PID (COMMAND) STATE …": the command may hold spaces and parentheses, the state follows the last ')'.
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or 'x' or '\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static List<string>? CommandLine(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
