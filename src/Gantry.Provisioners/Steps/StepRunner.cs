using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Provisioners.Steps;

/// <summary>
/// Runs a <see cref="CommandPlan"/>: as its user, with its input written then closed, its output captured (bounded),
/// and its whole process group killed when it runs past its timeout. A command's environment and input are never logged.
/// </summary>
public sealed class StepRunner
{
    private const int ErrorLines = 10;

    // After the group is killed, output closes at once unless a process left the group (a daemon it started).
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ILogger _logger;
    private readonly ContainerExec? _exec;

    /// <param name="exec">Runs the plans that name a container; null where Gantry has no container engine.</param>
    public StepRunner(ILogger<StepRunner> logger, ContainerExec? exec = null)
    {
        _logger = logger;
        _exec = exec;
    }

    /// <summary>Runs the command; a missing program or user, a timeout or a non-zero exit throws <see cref="StepFailedException"/>.</summary>
    public Task<StepResult> RunAsync(CommandPlan plan, CancellationToken cancellationToken = default) =>
        RunAsync(plan, input: null, output: null, cancellationToken);

    /// <summary>Like <see cref="RunAsync(CommandPlan, CancellationToken)"/>, reading its input from <paramref name="input"/> (instead of <see cref="CommandPlan.Stdin"/>) and writing its output to <paramref name="output"/>: a backup.</summary>
    public async Task<StepResult> RunAsync(CommandPlan plan, Stream? input, Stream? output, CancellationToken cancellationToken = default)
    {
        var result = await ExecuteAsync(plan, input, output, cancellationToken);
        return result.Succeeded ? result : throw new StepFailedException(Describe(plan, result), result);
    }

    /// <summary>Runs the command and returns how it ended, whatever its exit code (a readiness check); throws only when it cannot start.</summary>
    public Task<StepResult> ExecuteAsync(CommandPlan plan, CancellationToken cancellationToken = default) =>
        ExecuteAsync(plan, input: null, output: null, cancellationToken);

    public async Task<StepResult> ExecuteAsync(CommandPlan plan, Stream? input, Stream? output, CancellationToken cancellationToken = default)
    {
        if (input is not null && plan.Stdin is not null)
        {
            throw new ArgumentException("give the command's input either as the plan's Stdin or as a stream, not both", nameof(input));
        }

        if (plan.Container is { } container)
        {
            var result = await (_exec ?? throw new StepFailedException($"{plan.Program}: runs in container {container}, but Gantry has no container engine"))
                .ExecuteAsync(plan, container, input, output, cancellationToken);
            StepRunnerLog.ExitedInContainer(_logger, plan.Program, container, result.ExitCode);
            return result;
        }

        var launch = ChildLaunch.ForStep(plan, hasInput: input is not null || plan.Stdin is not null);
        var runAs = launch.User ?? "Gantry's user";
        var info = launch.ToStartInfo();
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.StandardInputEncoding = Utf8;
        info.StandardOutputEncoding = Utf8;
        info.StandardErrorEncoding = Utf8;

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new StepFailedException($"{plan.Program}: could not start");
        }
        catch (Win32Exception e)
        {
            throw new StepFailedException($"{plan.Program}: could not start: {e.Message}", e);
        }

        using (process)
        {
            var pid = process.Id;
            StepRunnerLog.Running(_logger, plan.Program, runAs);
            var stdout = output is null
                ? OutputCapture.HeadAsync(process.StandardOutput, OutputCapture.StdoutLimit)
                : CopyAsync(process.StandardOutput.BaseStream, output);
            var stderr = OutputCapture.TailAsync(process.StandardError, OutputCapture.StderrLimit);
            var feeding = FeedAsync(process, plan.Stdin, input);

            var timedOut = false;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(plan.Timeout);
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    Kill(pid);
                    await process.WaitForExitAsync(CancellationToken.None);
                    cancellationToken.ThrowIfCancellationRequested();
                    timedOut = true;
                    StepRunnerLog.TimedOut(_logger, plan.Program, pid, plan.Timeout);
                }
            }

            // What the command left running in its group goes with it, so nothing holds its output open.
            Signals.KillGroup(pid, Signals.SigKill);
            await feeding;
            var exitCode = process.ExitCode;
            StepRunnerLog.Exited(_logger, plan.Program, pid, exitCode);
            var secrets = plan.Secrets.IsDefault ? [] : plan.Secrets;
            return new StepResult(
                exitCode,
                OutputCapture.Mask(await DrainedAsync(stdout), secrets),
                OutputCapture.Mask(await DrainedAsync(stderr), secrets),
                timedOut);
        }
    }

    /// <summary>What went wrong, for the user: the program, how it ended, and the last lines it wrote to stderr (else stdout).</summary>
    public static string Describe(CommandPlan plan, StepResult result)
    {
        var how = result.TimedOut
            ? $"did not finish within {Durations.Format(plan.Timeout)} and was killed"
            : Signals.NameFromExitCode(result.ExitCode) is { } signal ? $"was killed by {signal}" : $"exited with code {result.ExitCode}";
        var tail = OutputCapture.LastLines(result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout, ErrorLines);
        return tail.Length > 0 ? $"{plan.Program} {how}:\n{tail}" : $"{plan.Program} {how}";
    }

    private static void Kill(int pid)
    {
        if (!Signals.KillGroup(pid, Signals.SigKill))
        {
            Signals.KillProcess(pid, Signals.SigKill);
        }
    }

    private static async Task FeedAsync(Process process, string? text, Stream? input)
    {
        try
        {
            if (text is not null)
            {
                await process.StandardInput.WriteAsync(text);
                await process.StandardInput.FlushAsync();
            }
            else if (input is not null)
            {
                await input.CopyToAsync(process.StandardInput.BaseStream);
            }
        }
        catch (IOException)
        {
            // The command ended without reading all of its input: its exit code says whether that was a failure.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> CopyAsync(Stream from, Stream to)
    {
        await from.CopyToAsync(to);
        return "";
    }

    private static async Task<string> DrainedAsync(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(OutputDrainTimeout);
        }
        catch (TimeoutException)
        {
            return "";
        }
    }
}
