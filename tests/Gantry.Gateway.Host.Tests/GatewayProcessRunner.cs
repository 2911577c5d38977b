using System.Diagnostics;
using System.Text.Json;
using Gantry.Testing;

namespace Gantry.Gateway.Host.Tests;

/// <summary>The real <c>gantry-gateway</c> as a process on 127.0.0.1, its ports read from the ports.json it writes.</summary>
internal sealed class GatewayProcessRunner : IAsyncDisposable
{
    private readonly WatchedProcess _process;

    private GatewayProcessRunner(WatchedProcess process) => _process = process;

    public int Pid => _process.Pid;

    public int HttpPort { get; private set; }

    public int HealthPort { get; private set; }

    /// <summary>The HTTPS port, when started with <c>--https</c>.</summary>
    public int? HttpsPort { get; private set; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the gateway with <paramref name="args"/> (plus ports 0) and waits until it wrote its ports.</summary>
    public static async Task<GatewayProcessRunner> StartAsync(string state, params string[] args)
    {
        var ports = Path.Combine(state, "ports.json");
        if (File.Exists(ports))
        {
            File.Delete(ports);
        }

        var runner = new GatewayProcessRunner(WatchedProcess.Start(Info(["--state", state, "--listen", "127.0.0.1:0", "--health", "127.0.0.1:0", .. args])));
        await Eventually.UntilAsync(() => File.Exists(ports) || runner._process.HasExited, TimeSpan.FromSeconds(30), "the gateway to write ports.json");
        Assert.False(runner._process.HasExited, $"the gateway exited with {(runner._process.HasExited ? runner._process.ExitCode : 0)}:\n{runner.Output}");
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(ports));
        runner.HttpPort = written.RootElement.GetProperty("http").GetInt32();
        runner.HealthPort = written.RootElement.GetProperty("health").GetInt32();
        runner.HttpsPort = written.RootElement.GetProperty("https") is { ValueKind: JsonValueKind.Number } https ? https.GetInt32() : null;
        return runner;
    }

    /// <summary>Runs the gateway to its end (for arguments it refuses): exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = Info(args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The built gantry-gateway.dll beside the tests.</summary>
    private static ProcessStartInfo Info(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gantry-gateway.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>Stops it as a service manager would (SIGTERM) and waits for its exit code.</summary>
    public Task<int> StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
