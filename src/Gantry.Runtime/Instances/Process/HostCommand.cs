using System.Diagnostics;

namespace Gantry.Runtime.Instances.Process;

/// <summary>Runs a command on the host, in a folder and with an environment: what "exec in the instance" means for a process.</summary>
internal static class HostCommand
{
    public static async Task<ExecResult> RunAsync(
        IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            return new ExecResult(127, "no command given");
        }

        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ExecResult(127, e.Message);
        }

        using (process)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new ExecResult(process.ExitCode, await Drained(stdout) + await Drained(stderr));
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
}
