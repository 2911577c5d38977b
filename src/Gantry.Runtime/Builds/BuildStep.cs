using System.ComponentModel;
using System.Diagnostics;
using Gantry.Runtime.Instances.Process;

namespace Gantry.Runtime.Builds;

/// <summary>Runs one build command, streaming its output lines; a failure names the step and ends with its last output lines.</summary>
internal static class BuildStep
{
    private const int KeptLines = 20;

    public static async Task RunAsync(
        string step, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, IProgress<string> output, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in ChildEnvironment.Inherited())
        {
            info.Environment[name] = value;
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        output.Report($"$ {step}");
        var last = new Queue<string>();
        void OnLine(string line)
        {
            lock (last)
            {
                last.Enqueue(line);
                if (last.Count > KeptLines)
                {
                    last.Dequeue();
                }
            }

            output.Report(line);
        }

        using var process = Start(step, info);
        process.StandardInput.Close();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, OnLine), PumpAsync(process.StandardError, OnLine));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        try
        {
            // A helper the step left running (a build server) may hold the output open: don't wait for it.
            await pumps.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (TimeoutException)
        {
        }

        if (process.ExitCode != 0)
        {
            string tail;
            lock (last)
            {
                tail = string.Join('\n', last);
            }

            throw new BuildFailedException($"{step} failed with exit code {process.ExitCode}:\n{tail}");
        }
    }

    private static Process Start(string step, ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new BuildFailedException($"{step}: could not start '{info.FileName}'");
        }
        catch (Win32Exception e)
        {
            throw new BuildFailedException($"{step}: could not start '{info.FileName}': {e.Message}", e);
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}
