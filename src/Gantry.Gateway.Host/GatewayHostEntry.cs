namespace Gantry.Gateway.Host;

/// <summary>
/// <c>gantry-gateway</c>'s command line, callable from another program (<c>gantry gateway --control-plane</c> runs the
/// same gateway in its own process): help, argument errors (exit 2), a bad snapshot file (1), a clean stop (0).
/// </summary>
public static class GatewayHostEntry
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error) => RunAsync(args, output, error, restartWith: null);

    /// <summary>As <see cref="RunAsync(IReadOnlyList{string}, TextWriter, TextWriter)"/>, with SIGUSR2 restarting the gateway as <paramref name="successorExecutable"/> (gantry-gateway) with the same arguments.</summary>
    public static Task<int> RunRestartableAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, string successorExecutable) =>
        RunAsync(args, output, error, new SuccessorCommand(successorExecutable, []));

    /// <summary>With <paramref name="restartWith"/>, SIGUSR2 restarts the gateway as that program; without, a host that is not <c>gantry-gateway</c> keeps the signal's default.</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, SuccessorCommand? restartWith)
    {
        if (args is ["--help" or "-h"] || args.Count == 0)
        {
            await output.WriteLineAsync(GatewayHostOptions.Usage);
            return args.Count == 0 ? 2 : 0;
        }

        var (options, problem) = GatewayHostOptions.Parse(args);
        if (options is null)
        {
            await error.WriteLineAsync($"gantry-gateway: {problem}\n\n{GatewayHostOptions.Usage}");
            return 2;
        }

        return await GatewayProcess.RunAsync(options, args, restartWith, output, error);
    }
}
