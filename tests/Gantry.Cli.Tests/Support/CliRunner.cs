using System.Diagnostics;

namespace Gantry.Cli.Tests.Support;

/// <summary>Runs the real <c>gantry</c> CLI (the built gantry.dll next to the tests) as a separate process.</summary>
public static class CliRunner
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "gantry.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A child dotnet started from 'dotnet test' must not inherit the test host's MSBuild settings.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        // Never the machine's own 'gantry login': a test that signs in names its own folder.
        info.Environment["GANTRY_CONFIG"] = Path.Combine(Path.GetTempPath(), $"gantry-cli-tests-{Environment.ProcessId}-no-login");
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) => RunAsync(environment, null, args);

    /// <summary>Runs with <paramref name="input"/> as the command's standard input (closed after it).</summary>
    public static Task<CliResult> RunWithInputAsync(IReadOnlyDictionary<string, string> environment, string input, params string[] args) =>
        RunAsync(environment, input, args);

    private static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string? input, string[] args)
    {
        var info = StartInfo(args, environment);
        info.RedirectStandardInput = input is not null;
        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gantry {string.Join(' ', args)} did not finish in 3 minutes");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
