namespace Gantry.Gateway.Config;

/// <summary>What a supervisor and a restarting gantry-gateway agree on about its command line.</summary>
public static class GatewayCommandLine
{
    /// <summary>Names the listening sockets a restart hands its successor (<c>listen=N,https=N,health=N</c>); added by the gateway itself.</summary>
    public const string InheritedDescriptors = "--inherited-fds";

    /// <summary>A JSON array of strings in the state folder: the next successor's arguments instead of the gateway's own (used once).</summary>
    public const string NextArgumentsFile = "next-args.json";

    /// <summary><paramref name="args"/> without <c>--inherited-fds</c> and its value: what the gateway was asked to run with.</summary>
    public static List<string> WithoutInheritedDescriptors(IReadOnlyList<string> args)
    {
        var kept = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == InheritedDescriptors)
            {
                i++;
                continue;
            }

            kept.Add(args[i]);
        }

        return kept;
    }
}
