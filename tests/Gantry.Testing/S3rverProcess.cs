using System.Diagnostics;

namespace Gantry.Testing;

/// <summary>
/// s3rver (npm) serving the S3 API from a folder on 127.0.0.1, with one bucket: it stands in for MinIO or AWS, which
/// cannot run here, and the tests that use it say so. Its packages are installed once from the lock file beside it.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKeyId = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly Process _process;
    private readonly ReservedPort _port;

    private S3rverProcess(Process process, ReservedPort port, string directory)
    {
        _process = process;
        _port = port;
        Directory = directory;
    }

    public Uri Endpoint => new($"http://127.0.0.1:{_port.Number}");

    /// <summary>Where s3rver keeps the objects (BUCKET/KEY._S3rver_object).</summary>
    public string Directory { get; }

    public static async Task<S3rverProcess> StartAsync(string directory, string bucket)
    {
        var folder = await PackagesAsync();
        System.IO.Directory.CreateDirectory(directory);
        var port = ReservedPort.Take();
        var info = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "node_modules/s3rver/bin/s3rver.js", "-d", directory, "-a", "127.0.0.1", "-p", port.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", bucket })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start (./test.sh installs Node.js)");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3rverProcess(process, port, directory);
        await Eventually.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {process.ExitCode}");
            }

            return await LoopbackPort.AcceptsAsync(port.Number);
        }, TimeSpan.FromSeconds(30), "s3rver to listen");
        return server;
    }

    /// <summary>Stops it (a bucket that stops answering).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        _port.Dispose();
    }

    /// <summary>The folder whose node_modules holds s3rver, installed from the lock file on first use.</summary>
    internal static async Task<string> PackagesAsync()
    {
        var folder = Path.Combine(Repository.Root, "tests", "Gantry.Testing", "S3rver");
        await InstallAsync(folder);
        return folder;
    }

    private static async Task InstallAsync(string folder)
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js")))
            {
                return;
            }

            var info = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                info.ArgumentList.Add(arg);
            }

            using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm did not start (./test.sh installs npm)");
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci of s3rver failed:\n{await output}{await errors}");
            }
        }
        finally
        {
            Install.Release();
        }
    }
}
