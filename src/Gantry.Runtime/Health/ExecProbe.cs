using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Health;

/// <summary>An exec probe: the command runs inside the instance (on the host for a process, in the container for a container); exit code 0 is healthy.</summary>
internal static class ExecProbe
{
    public static async Task<ProbeResult> RunAsync(ProbeDefinition probe, IRunningInstance instance, CancellationToken cancellationToken)
    {
        var subject = $"exec {string.Join(' ', probe.Command)}";
        if (probe.Command.IsDefaultOrEmpty)
        {
            return new ProbeResult(false, "exec: no command given");
        }

        var result = await instance.ExecAsync(probe.Command, probe.Timeout, cancellationToken);
        var output = LastLine(result.Output);
        return new ProbeResult(result.ExitCode == 0, $"{subject} → exit {result.ExitCode}" + (output is null ? "" : $": {output}"));
    }

    private static string? LastLine(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line is { Length: > 200 } ? line[..200] + "…" : line;
    }
}
