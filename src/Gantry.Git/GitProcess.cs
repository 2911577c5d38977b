using System.ComponentModel;
using System.Diagnostics;

namespace Gantry.Git;

/// <summary>Runs git (or ssh-keygen) without a terminal: it never asks for a password, and its output is read on both pipes at once.</summary>
internal static class GitProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_ASKPASS"] = "true";
        info.Environment["SSH_ASKPASS"] = "true";
        info.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new GitException($"{program} did not start");
        }
        catch (Win32Exception)
        {
            throw new GitException(program == "git"
                ? "git is not installed on the Gantry server; install it (apt-get install git)"
                : $"{program} is not installed on the Gantry server; install it (apt-get install openssh-client)");
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new Result(process.ExitCode, await output, await error);
        }
    }
}
