using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gantry.Provisioners.Steps;

/// <summary>
/// Runs a step inside its service's container (the engine's exec) instead of on this machine: on the container runtime
/// the server's own client programs (psql, redis-cli, rabbitmqctl) are in its image. The image's PATH applies; the
/// plan's user is the container's user of that name; input and output stream as on this machine.
/// </summary>
public sealed class ContainerExec(DockerClient client)
{
    public async Task<StepResult> ExecuteAsync(CommandPlan plan, string container, Stream? input, Stream? output, CancellationToken cancellationToken)
    {
        if (plan.Command.IsDefaultOrEmpty || string.IsNullOrWhiteSpace(plan.Command[0]))
        {
            throw new StepFailedException("no command to run: the command is empty");
        }

        var feeding = plan.Stdin is { } text ? new MemoryStream(Encoding.UTF8.GetBytes(text)) : input;
        string id;
        try
        {
            id = (await client.Exec.ExecCreateContainerAsync(container, new ContainerExecCreateParameters
            {
                Cmd = [.. plan.Command],
                Env = [.. plan.Environment.Select(e => $"{e.Key}={e.Value}")],
                User = plan.User ?? "",
                WorkingDir = plan.WorkingDirectory ?? "/",
                AttachStdin = feeding is not null,
                AttachStdout = true,
                AttachStderr = true,
            }, cancellationToken)).ID;
        }
        catch (DockerApiException e)
        {
            throw new StepFailedException($"{plan.Program}: could not run in container {container}: {Reason(e)}", e);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(plan.Timeout);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        try
        {
            using var stream = await client.Exec.StartAndAttachContainerExecAsync(id, tty: false, deadline.Token);
            var sending = FeedAsync(stream, feeding, deadline.Token);
            await CopyOutputAsync(stream, output, stdout, stderr, deadline.Token);
            await sending;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Past its timeout. The engine has no call to stop an exec: its process is killed here, by the pid the
            // engine reports (in this machine's numbering, for an engine on this machine), so no step outlives its limit.
            await KillAsync(id);
            return Result(plan, 124, stdout, stderr, timedOut: true);
        }
        catch (DockerApiException e)
        {
            throw new StepFailedException($"{plan.Program}: could not run in container {container}: {Reason(e)}", e);
        }

        var inspect = await client.Exec.InspectContainerExecAsync(id, cancellationToken);
        return Result(plan, (int)inspect.ExitCode, stdout, stderr, timedOut: false);
    }

    /// <summary>Kills an exec's process and its children; what cannot be killed from here (a remote engine) is left.</summary>
    private async Task KillAsync(string id)
    {
        try
        {
            var exec = await client.Exec.InspectContainerExecAsync(id, CancellationToken.None);
            if (exec.Running && exec.Pid > 0)
            {
                using var process = System.Diagnostics.Process.GetProcessById((int)exec.Pid);
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is DockerApiException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Gone already, or not a process of this machine.
        }
    }

    private static async Task FeedAsync(MultiplexedStream stream, Stream? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await stream.CopyFromAsync(input, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The command ended without reading all of its input: its exit code says whether that was a failure.
        }
        finally
        {
            stream.CloseWrite();
        }
    }

    /// <summary>Stdout to <paramref name="output"/> when given, else its start kept; the end of stderr kept.</summary>
    private static async Task CopyOutputAsync(MultiplexedStream stream, Stream? output, MemoryStream stdout, MemoryStream stderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                return;
            }

            if (read.Target == MultiplexedStream.TargetStream.StandardError)
            {
                Append(stderr, buffer, read.Count, OutputCapture.StderrLimit, keepEnd: true);
            }
            else if (output is not null)
            {
                await output.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken);
            }
            else
            {
                Append(stdout, buffer, read.Count, OutputCapture.StdoutLimit, keepEnd: false);
            }
        }
    }

    private static void Append(MemoryStream kept, byte[] buffer, int count, int limit, bool keepEnd)
    {
        if (!keepEnd)
        {
            kept.Write(buffer, 0, (int)Math.Min(count, Math.Max(0, limit - kept.Length)));
            return;
        }

        kept.Write(buffer, 0, count);
        if (kept.Length > 2 * limit)
        {
            var tail = kept.ToArray()[^limit..];
            kept.SetLength(0);
            kept.Write(tail);
        }
    }

    private static StepResult Result(CommandPlan plan, int exitCode, MemoryStream stdout, MemoryStream stderr, bool timedOut)
    {
        var secrets = plan.Secrets.IsDefault ? [] : plan.Secrets;
        return new StepResult(
            exitCode,
            OutputCapture.Mask(Encoding.UTF8.GetString(stdout.ToArray()), secrets),
            OutputCapture.Mask(Encoding.UTF8.GetString(stderr.ToArray()), secrets),
            timedOut);
    }

    private static string Reason(DockerApiException e) => e.ResponseBody is { Length: > 0 } body ? body.Trim() : e.Message;
}
