using System.Diagnostics;

namespace Gantry.Kubernetes.Tests;

/// <summary>
/// Runs Validation/validate.mjs (kubernetes-models and @kubernetes-models/gateway-api) with Node over YAML files or a
/// folder: one <c>ok</c> or <c>invalid</c> line per object. Installs the npm packages once per run (./test.sh installs Node).
/// </summary>
internal static class KubernetesModelsValidator
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Writes the files into <paramref name="folder"/> and validates them.</summary>
    public static async Task<(int Exit, string Output)> ValidateFilesAsync(string folder, IEnumerable<(string File, string Yaml)> files)
    {
        foreach (var (name, yaml) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name), yaml);
        }

        return await ValidateAsync(folder);
    }

    public static async Task<(int Exit, string Output)> ValidateAsync(string target)
    {
        var folder = Path.Combine(TestApps.RepositoryRoot(), "tests", "Gantry.Kubernetes.Tests", "Validation");

        // Test classes run in parallel: two npm ci in one folder would trip over each other.
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            {
                var (installed, log) = await RunAsync("npm", folder, "ci", "--no-audit", "--no-fund", "--loglevel=error");
                Assert.True(installed == 0, "npm ci failed:\n" + log);
            }
        }
        finally
        {
            Install.Release();
        }

        return await RunAsync("node", folder, "validate.mjs", target);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string directory, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start (./test.sh installs Node.js and npm)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
