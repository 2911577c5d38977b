using System.Diagnostics;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Health;

/// <summary>An exec probe: the command runs in the instance's working directory with its environment; exit code 0 is healthy.</summary>
internal static class ExecProbe
{
    public static async Task<ProbeResult> RunAsync(ProbeDefinition probe, IRunningInstance instance, CancellationToken cancellationToken)
    {
        var subject = $"exec {string.Join(' ', probe.Command)}";
        if (probe.Command.IsDefaultOrEmpty)
        {
            return new ProbeResult(false, "exec: no command given");
        }

        var info = new ProcessStartInfo(probe.Command[0])
        {
            WorkingDirectory = instance.Spec.Launch.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in probe.Command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in instance.Environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ProbeResult(false, $"{subject}: {e.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = LastLine(await Drained(stderr)) ?? LastLine(await Drained(stdout));
            var description = $"{subject} → exit {process.ExitCode}" + (output is null ? "" : $": {output}");
            return new ProbeResult(process.ExitCode == 0, description);
        }
    }

    /// <summary>A background child of the command may hold its output open: don't wait for it long.</summary>
    private static async Task<string> Drained(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            return "";
        }
    }

    private static string? LastLine(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return line is { Length: > 200 } ? line[..200] + "…" : line;
    }
}
